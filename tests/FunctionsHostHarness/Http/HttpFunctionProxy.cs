using FunctionsHostHarness.Hosting;
using FunctionsHostHarness.Protocol;
using FunctionsHostHarness.Protocol.Messages;
using Yarp.ReverseProxy.Forwarder;

namespace FunctionsHostHarness.Http;

/// <summary>
/// An HTTP request to an HTTP-triggered function, handled as the host handles it for a worker
/// with ASP.NET Core integration (DefaultHttpProxyService): the request is forwarded with YARP's
/// default transforms to the worker's HttpUri carrying <c>x-ms-invocation-id</c>, the
/// InvocationRequest goes over the stream, the worker correlates the two, and its HTTP answer
/// (status, headers, body) is copied back to the client; the InvocationResponse must complete too.
/// No route or method match: 404, as the host answers. A request that arrives while the worker
/// is still starting waits for its functions to be loaded, as the host holds it; 503 if they never are.
/// </summary>
public sealed class HttpFunctionProxy(WorkerChannel channel, Task<LoadedApp> app, HttpMessageInvoker invoker, TimeSpan functionTimeout, HarnessLog log)
{
    public const string CorrelationHeader = "x-ms-invocation-id";

    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(240) };

    public async Task HandleAsync(HttpContext context)
    {
        LoadedApp loaded;
        try
        {
            loaded = await app.WaitAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (loaded.Routes.Match(context.Request.Method, context.Request.Path) is not var (function, values))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var request = Invocations.Http(function, invocationId, context.Request, values);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(functionTimeout);

        // The host starts forwarding before it sends the invocation, so that the worker finds the
        // HTTP request when the invocation arrives; the header overrides any the client sent.
        context.Request.Headers[CorrelationHeader] = invocationId;
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        var workerHttpUri = loaded.WorkerHttpUri!;
        var forwarding = forwarder.SendAsync(context, workerHttpUri.ToString(), invoker, RequestConfig).AsTask();
        var invocation = channel.InvokeAsync(request, timeout.Token);

        var error = await forwarding;
        InvocationResponse? response = null;
        try
        {
            response = await invocation;
        }
        catch (Exception e) when (e is HarnessException or OperationCanceledException)
        {
            log.Write("harness", $"{function.Name} invocation {invocationId}: no InvocationResponse ({e.Message})");
        }

        if (error != ForwarderError.None)
        {
            var exception = context.GetForwarderErrorFeature()?.Exception;
            log.Write("harness", $"{function.Name} invocation {invocationId}: forwarding to {workerHttpUri} failed with {error}: {exception?.Message}");
        }

        if (response?.Result?.Status != StatusResult.Types.Status.Success)
        {
            log.Write("harness", $"{function.Name} invocation {invocationId} failed: {response?.Result?.Exception?.Message}");
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
    }
}
