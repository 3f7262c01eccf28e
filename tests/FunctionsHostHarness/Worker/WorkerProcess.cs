using System.Diagnostics;
using System.Globalization;
using FunctionsHostHarness.Hosting;

namespace FunctionsHostHarness.Worker;

/// <summary>
/// The worker process, started as the host starts a dotnet-isolated worker: the executable of
/// worker.config.json with its arguments, the worker's path, then the host's connection
/// arguments (both spellings: <c>--host</c>/<c>--port</c>/<c>--workerId</c>/<c>--requestId</c>/
/// <c>--grpcMaxMessageLength</c> and <c>--functions-uri</c>/<c>--functions-worker-id</c>/
/// <c>--functions-request-id</c>/<c>--functions-grpc-max-message-length</c>); the app folder as
/// working directory; the host's environment plus FUNCTIONS_WORKER_DIRECTORY and
/// FUNCTIONS_APPLICATION_DIRECTORY. Its output goes to the harness log, as the host logs it.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    /// <summary>The host's gRPC message cap, passed to every worker (int.MaxValue).</summary>
    public const int MaxMessageLength = int.MaxValue;

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, string workerId, long startedTimestamp)
    {
        _process = process;
        WorkerId = workerId;
        StartedTimestamp = startedTimestamp;
    }

    public string WorkerId { get; }

    public int Pid => _process.Id;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before <see cref="Process.Start()"/>.</summary>
    public long StartedTimestamp { get; }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public static WorkerProcess Start(WorkerConfig config, string appDirectory, Uri grpcUri, IReadOnlyDictionary<string, string> environment, HarnessLog log)
    {
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var maxLength = MaxMessageLength.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(config.ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = appDirectory,
        };
        foreach (var argument in config.ExecutableArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(config.WorkerPath);
        foreach (var argument in config.WorkerArguments)
        {
            start.ArgumentList.Add(argument);
        }

        string[] connection =
        [
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxLength,
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxLength,
        ];
        foreach (var argument in connection)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;

        log.Write("harness", $"starting {start.FileName} {string.Join(' ', start.ArgumentList)} in {appDirectory}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = Stopwatch.GetTimestamp();
        var worker = new WorkerProcess(process, workerId, started);
        process.OutputDataReceived += (_, e) => Line(log, "worker stdout", e.Data);
        process.ErrorDataReceived += (_, e) => Line(log, "worker stderr", e.Data);
        process.Exited += (_, _) => worker._exited.TrySetResult(process.ExitCode);
        if (!process.Start())
        {
            throw new HarnessException($"{start.FileName} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.Write("harness", $"worker pid {process.Id}, worker id {workerId}");
        return worker;
    }

    /// <summary>Waits up to <paramref name="grace"/> for the worker to end by itself, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)) != _exited.Task)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    public void Dispose()
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
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private static void Line(HarnessLog log, string source, string? text)
    {
        if (text is not null)
        {
            log.Write(source, text);
        }
    }
}
