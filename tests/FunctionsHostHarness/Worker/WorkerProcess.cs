using System.Diagnostics;
using System.Globalization;
using FunctionsHostHarness.Hosting;
using TokenService.TestSupport.Processes;

namespace FunctionsHostHarness.Worker;

/// <summary>
/// The worker process, started as the host starts a dotnet-isolated worker: the executable of
/// worker.config.json with its arguments, the worker's path, then the host's connection
/// arguments (both spellings: <c>--host</c>/<c>--port</c>/<c>--workerId</c>/<c>--requestId</c>/
/// <c>--grpcMaxMessageLength</c> and <c>--functions-uri</c>/<c>--functions-worker-id</c>/
/// <c>--functions-request-id</c>/<c>--functions-grpc-max-message-length</c>); the app folder as
/// working directory; the host's environment plus FUNCTIONS_WORKER_DIRECTORY and
/// FUNCTIONS_APPLICATION_DIRECTORY. Its output goes to the harness log, as the host logs it. The
/// process mechanics (output, exit, killing the tree) are the shared <see cref="ChildProcess"/>.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    /// <summary>The host's gRPC message cap, passed to every worker (int.MaxValue).</summary>
    public const int MaxMessageLength = int.MaxValue;

    private readonly ChildProcess _process;

    private WorkerProcess(ChildProcess process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    public int Pid => _process.Pid;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedTimestamp => _process.StartedTimestamp;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _process.Exited;

    public static WorkerProcess Start(WorkerConfig config, string appDirectory, Uri grpcUri, IReadOnlyDictionary<string, string> environment, HarnessLog log)
    {
        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var maxLength = MaxMessageLength.ToString(CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            .. config.ExecutableArguments,
            config.WorkerPath,
            .. config.WorkerArguments,
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", maxLength,
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", maxLength,
        ];
        var workerEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory,
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory,
        };

        log.Write("harness", $"starting {config.ExecutablePath} {string.Join(' ', arguments)} in {appDirectory}");
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(config.ExecutablePath, arguments, workerEnvironment, new ChildProcessOptions
            {
                WorkingDirectory = appDirectory,
                KeepLastLines = 0,
                OnLine = (source, line) => log.Write(source == OutputSource.StandardError ? "worker stderr" : "worker stdout", line),
            });
        }
        catch (InvalidOperationException e)
        {
            throw new HarnessException($"{config.ExecutablePath} did not start", e);
        }

        log.Write("harness", $"worker pid {process.Pid}, worker id {workerId}");
        return new WorkerProcess(process, workerId);
    }

    /// <summary>Waits up to <paramref name="grace"/> for the worker to end by itself, then kills it.</summary>
    public Task StopAsync(TimeSpan grace) => _process.EndWithinAsync(grace);

    public void Dispose() => _process.Dispose();
}
