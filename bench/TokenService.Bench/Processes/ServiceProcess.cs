using System.Diagnostics;
using System.Globalization;

namespace TokenService.Bench.Processes;

/// <summary>
/// A standalone server process: <c>dotnet TokenService.Server.dll</c> (or an executable) with
/// <c>PORT</c> and the settings. Its output is drained and the last lines kept for error messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();

    private ServiceProcess(Process process, int port, long startedTimestamp)
    {
        _process = process;
        Port = port;
        StartedTimestamp = startedTimestamp;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before <see cref="Process.Start()"/>.</summary>
    public long StartedTimestamp { get; }

    public bool Exited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <param name="program">A .dll run with <c>dotnet</c>, or an executable.</param>
    /// <param name="settings">The service's settings; the port is added.</param>
    /// <param name="port">The loopback port to listen on (<c>PORT</c>).</param>
    public static ServiceProcess Start(string program, IReadOnlyDictionary<string, string> settings, int port)
    {
        var isDll = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? "dotnet" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        if (isDll)
        {
            start.ArgumentList.Add(program);
        }

        // The service's own settings come only from the bench, never from the caller's shell.
        foreach (var name in start.Environment.Keys.Where(IsServiceSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);

        var process = new Process { StartInfo = start };
        var started = Stopwatch.GetTimestamp();
        process.Start();
        var service = new ServiceProcess(process, port, started);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public long? PeakResidentBytes => ProcFs.StatusBytes(Pid, "VmHWM");

    public long? ResidentBytes => ProcFs.StatusBytes(Pid, "VmRSS");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or will be reaped by the system.
        }

        _process.Dispose();
    }

    private static bool IsServiceSetting(string name) =>
        name is "PORT" or "ASPNETCORE_URLS"
        || name.StartsWith("Storage__", StringComparison.Ordinal)
        || name.StartsWith("Secrets__", StringComparison.Ordinal)
        || name.StartsWith("Tokens__", StringComparison.Ordinal)
        || name.StartsWith("RateLimit__", StringComparison.Ordinal)
        || name.StartsWith("Directory__", StringComparison.Ordinal);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
