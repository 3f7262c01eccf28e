using System.Diagnostics;
using System.Globalization;

namespace TokenService.TestSupport.Processes;

/// <summary>
/// A process the tests, the bench or the harness start and always stop (the whole process tree).
/// Its output is drained as it comes, kept within bounds for diagnostics and handed line by line to
/// an optional callback (<see cref="ChildProcessOptions"/>); it can be signalled (a frozen store),
/// interrupted with a grace period (a store that saves its state on Ctrl+C), and its exit awaited.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputBuffer _output;
    private readonly Action<OutputSource, string>? _onLine;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, ChildProcessOptions options)
    {
        _process = process;
        _output = new OutputBuffer(options.KeepLastLines, options.MaxOutputCharacters);
        _onLine = options.OnLine;
    }

    public int Pid => _process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedTimestamp { get; private set; }

    public bool Running => !_process.HasExited;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The output kept so far, standard output and error interleaved as they arrived.</summary>
    public string Output => _output.Text;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> and <paramref name="environment"/> added to the inherited one.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>> environment, ChildProcessOptions? options = null)
    {
        options ??= new ChildProcessOptions();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (options.WorkingDirectory is { } directory)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (options.RemoveInherited is { } remove)
        {
            foreach (var name in start.Environment.Keys.Where(remove).ToList())
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process, options);
        process.OutputDataReceived += (_, e) => child.Receive(OutputSource.StandardOutput, e.Data);
        process.ErrorDataReceived += (_, e) => child.Receive(OutputSource.StandardError, e.Data);
        process.Exited += (_, _) => child.OnExited();
        try
        {
            child.StartedTimestamp = Stopwatch.GetTimestamp();
            if (!process.Start())
            {
                throw new InvalidOperationException("Could not start " + fileName);
            }
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Sends a signal by name (<c>STOP</c>, <c>CONT</c>, <c>INT</c>) to the process itself.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start kill.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the process with its tree, and waits (a while) until it is gone.</summary>
    public async Task StopAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(ReapTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // It will be reaped by the system.
        }
    }

    /// <summary>Waits up to <paramref name="grace"/> for the process to end by itself, then kills it (with its tree).</summary>
    public async Task EndWithinAsync(TimeSpan grace)
    {
        try
        {
            await Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks the process to end (SIGINT, as Ctrl+C would), so it can save its state, and kills it
    /// (with its tree) if it has not exited within <paramref name="grace"/>.
    /// </summary>
    public async Task InterruptAsync(TimeSpan grace)
    {
        if (!Running)
        {
            return;
        }

        await SignalAsync("INT").ConfigureAwait(false);
        await EndWithinAsync(grace).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }

    private void Receive(OutputSource stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Add(line);
        _onLine?.Invoke(stream, line);
    }

    private void OnExited()
    {
        try
        {
            _exited.TrySetResult(_process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            // Disposed before the exit was seen: no code to give.
            _exited.TrySetResult(-1);
        }
    }
}
