using System.Diagnostics;
using FunctionsHostHarness.Functions;
using FunctionsHostHarness.Http;
using FunctionsHostHarness.Protocol;
using FunctionsHostHarness.Protocol.Messages;
using FunctionsHostHarness.Worker;
using Google.Protobuf.WellKnownTypes;
using MessageType = FunctionsHostHarness.Protocol.Messages.StreamingMessage.ContentOneofCase;

namespace FunctionsHostHarness.Hosting;

/// <summary>
/// One published function app hosted as the Functions host hosts a dotnet-isolated worker with
/// worker indexing: gRPC server and HTTP front end up (as the host's listener is up before its
/// worker: a request that comes during the start waits for the functions to be loaded), worker
/// started, then StartStream, WorkerInitRequest/Response, FunctionsMetadataRequest/
/// FunctionMetadataResponse, FunctionLoadRequest(s)/Response(s). <see cref="StartAsync"/> returns once every function is loaded; it throws
/// <see cref="HarnessException"/> (and stops the worker) when the worker exits or a step times out.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    /// <summary>The capability a worker with ASP.NET Core integration advertises: its own listener.</summary>
    public const string HttpUriCapability = "HttpUri";

    private const string LoadCollectionCapability = "SupportsLoadResponseCollection";

    private readonly HarnessLog _log;
    private readonly WorkerChannel _channel;
    private readonly WebApplication _grpc;
    private readonly WebApplication _frontEnd;
    private readonly HttpMessageInvoker _invoker;
    private readonly TaskCompletionSource<LoadedApp> _loaded;
    private readonly WorkerProcess _worker;

    private FunctionsHost(HarnessLog log, WorkerChannel channel, WebApplication grpc, (WebApplication App, Uri Uri, HttpMessageInvoker Invoker, TaskCompletionSource<LoadedApp> Loaded) frontEnd, WorkerProcess worker)
    {
        _log = log;
        _channel = channel;
        _grpc = grpc;
        (_frontEnd, BaseAddress, _invoker, _loaded) = frontEnd;
        _worker = worker;
    }

    /// <summary>The HTTP front end, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    public WorkerProcess Worker => _worker;

    public string LogFile => _log.Path;

    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<LoadedFunction> Functions { get; private set; } = [];

    /// <summary>Elapsed from the worker's start to its StartStream and to its last load response.</summary>
    public TimeSpan StreamOpenedAfter { get; private set; }

    public TimeSpan LoadedAfter { get; private set; }

    public static async Task<FunctionsHost> StartAsync(FunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var config = WorkerConfig.Read(appDirectory);
        var hostJson = HostJson.Read(appDirectory);
        var log = new HarnessLog(options.LogFile);
        var channel = new WorkerChannel(log);
        var (grpc, grpcUri) = await LoopbackServers.StartGrpcAsync(channel);
        log.Write("harness", $"FunctionRpc on {grpcUri}");
        var loaded = new TaskCompletionSource<LoadedApp>(TaskCreationOptions.RunContinuationsAsynchronously);
        var invoker = new HttpMessageInvoker(new WorkerRetryHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false }));
        WebApplication? frontEnd = null;
        WorkerProcess worker;
        Uri baseAddress;
        try
        {
            var proxy = new HttpFunctionProxy(channel, loaded.Task, invoker, hostJson.FunctionTimeout, log);
            var admin = new AdminEndpoint(channel, loaded.Task, hostJson.FunctionTimeout);
            (frontEnd, baseAddress) = await LoopbackServers.StartFrontEndAsync(options.HttpPort, admin, proxy);
            log.Write("harness", $"HTTP front end on {baseAddress}");
            worker = WorkerProcess.Start(config, appDirectory, grpcUri, options.Environment, log);
        }
        catch
        {
            if (frontEnd is not null)
            {
                await frontEnd.DisposeAsync();
            }

            await grpc.DisposeAsync();
            invoker.Dispose();
            log.Dispose();
            throw;
        }

        var host = new FunctionsHost(log, channel, grpc, (frontEnd, baseAddress, invoker, loaded), worker);
        try
        {
            await host.InitializeAsync(options, appDirectory, hostJson, cancellationToken);
            return host;
        }
        catch (Exception e)
        {
            loaded.TrySetException(e);
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(FunctionsHostOptions options, string appDirectory, HostJson hostJson, CancellationToken cancellationToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(options.StartupTimeout);
        _ = _worker.Exited.ContinueWith(_ => startup.Cancel(), TaskScheduler.Default);

        await Step("StartStream", () => _channel.Started.WaitAsync(startup.Token));
        StreamOpenedAfter = Stopwatch.GetElapsedTime(_worker.StartedTimestamp);

        await _channel.SendAsync(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = options.HostVersion,
                WorkerDirectory = appDirectory,
                FunctionAppDirectory = appDirectory,
            },
        });
        var init = (await Step("WorkerInitResponse", () => _channel.NextAsync(MessageType.WorkerInitResponse, startup.Token))).WorkerInitResponse;
        Succeeded(init.Result, "WorkerInitRequest");
        WorkerCapabilities = init.Capabilities.ToDictionary(StringComparer.Ordinal);
        _log.Write("protocol", $"worker {init.WorkerMetadata?.RuntimeName} {init.WorkerMetadata?.RuntimeVersion}, worker {init.WorkerMetadata?.WorkerVersion}; capabilities: {string.Join(", ", WorkerCapabilities.Select(c => $"{c.Key}={c.Value}"))}");

        await _channel.SendAsync(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        });
        var indexed = (await Step("FunctionMetadataResponse", () => _channel.NextAsync(MessageType.FunctionMetadataResponse, startup.Token))).FunctionMetadataResponse;
        Succeeded(indexed.Result, "FunctionsMetadataRequest");
        if (indexed.UseDefaultMetadataIndexing)
        {
            throw new HarnessException("the worker asked the host to index its functions (use_default_metadata_indexing); the harness hosts worker-indexed apps only");
        }

        foreach (var failed in indexed.FunctionMetadataResults.Where(m => m.Status is { } status && status.Status != StatusResult.Types.Status.Success))
        {
            throw new HarnessException($"the worker failed to index {failed.Name}: {failed.Status.Exception?.Message}");
        }

        Functions = indexed.FunctionMetadataResults.Select(LoadedFunction.FromIndexed).ToList();
        await Step("FunctionLoadResponse", async () =>
        {
            await LoadAsync(startup.Token);
            return Functions.Count;
        });
        LoadedAfter = Stopwatch.GetElapsedTime(_worker.StartedTimestamp);
        _log.Write("harness", $"loaded {string.Join(", ", Functions.Select(f => $"{f.Name} ({f.Trigger.Type})"))} {LoadedAfter.TotalMilliseconds:0} ms after the worker's start");

        var routes = new HttpRoutes(Functions, hostJson.RoutePrefix);
        Uri? workerHttpUri = null;
        if (Functions.Any(f => f.IsHttp))
        {
            workerHttpUri = WorkerCapabilities.TryGetValue(HttpUriCapability, out var httpUri) && Uri.TryCreate(httpUri, UriKind.Absolute, out var parsed)
                ? parsed
                : throw new HarnessException($"the app has HTTP functions but the worker advertised no {HttpUriCapability} capability (ASP.NET Core integration)");
        }

        _loaded.SetResult(new LoadedApp(Functions, routes, workerHttpUri));
        _log.Write("harness", $"serving HTTP (routes: {string.Join(", ", routes.Templates.Select(t => "/" + t))}), forwarding to {workerHttpUri}");
    }

    /// <summary>Loads every function: one FunctionLoadRequestCollection when the worker supports it, else one request each.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var requests = Functions.Select(f => f.ToLoadRequest()).ToList();
        var responses = new List<FunctionLoadResponse>();
        if (WorkerCapabilities.ContainsKey(LoadCollectionCapability))
        {
            var collection = new FunctionLoadRequestCollection();
            collection.FunctionLoadRequests.Add(requests);
            await _channel.SendAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionLoadRequestCollection = collection });
            responses.AddRange((await _channel.NextAsync(MessageType.FunctionLoadResponseCollection, cancellationToken)).FunctionLoadResponseCollection.FunctionLoadResponses);
        }
        else
        {
            foreach (var request in requests)
            {
                await _channel.SendAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionLoadRequest = request });
            }

            foreach (var _ in requests)
            {
                responses.Add((await _channel.NextAsync(MessageType.FunctionLoadResponse, cancellationToken)).FunctionLoadResponse);
            }
        }

        foreach (var function in Functions)
        {
            var response = responses.FirstOrDefault(r => r.FunctionId == function.FunctionId)
                ?? throw new HarnessException($"the worker sent no FunctionLoadResponse for {function.Name}");
            Succeeded(response.Result, $"FunctionLoadRequest for {function.Name}");
        }
    }

    /// <summary>One protocol step, failing with what happened when the worker exits or the step times out.</summary>
    private async Task<T> Step<T>(string awaited, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (OperationCanceledException) when (_worker.Exited.IsCompleted)
        {
            throw new HarnessException($"the worker exited with code {_worker.Exited.Result} before sending {awaited}; its output is in {_log.Path}");
        }
        catch (OperationCanceledException)
        {
            throw new HarnessException($"the worker did not send {awaited} in time; its output is in {_log.Path}");
        }
    }

    private void Succeeded(StatusResult? result, string what)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new HarnessException($"the worker answered {what} with {result?.Status.ToString() ?? "no result"}: {result?.Exception?.Message}; see {_log.Path}");
        }
    }

    /// <summary>As the host shuts a worker down: WorkerTerminate with a grace period, then the process is killed if still running.</summary>
    public async ValueTask DisposeAsync()
    {
        var grace = TimeSpan.FromSeconds(5);
        _loaded.TrySetException(new HarnessException("the harness is stopping"));
        await _frontEnd.StopAsync();

        if (!_worker.Exited.IsCompleted && _channel.Started.IsCompletedSuccessfully && !_channel.Closed.IsCompleted)
        {
            await _channel.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(grace) } });
        }

        await _worker.StopAsync(grace);
        _log.Write("harness", _worker.Exited.IsCompleted ? $"worker exited with code {_worker.Exited.Result}" : "worker did not exit");
        _worker.Dispose();
        await _frontEnd.DisposeAsync();
        await _grpc.StopAsync();
        await _grpc.DisposeAsync();
        _invoker.Dispose();
        _log.Dispose();
    }
}
