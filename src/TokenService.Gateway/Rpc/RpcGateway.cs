using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TokenService.Pipeline;
using TokenService.Rpc;
using TokenService.Storage;
using TokenService.Telemetry;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// The API's single endpoint, <c>/</c>, every method: reads the request, runs the
/// <see cref="CallPipeline"/>, writes the answer. Any other path is <c>ApiNotSupport</c>.
/// Unexpected failures become InternalError or SystemOverFlow with the RequestId and nothing
/// else; the details go to the log. Both hosts call <see cref="HandleAsync"/>: the function app
/// from its catch-all HTTP trigger, the standalone server from its routes.
/// </summary>
public static class RpcGateway
{
    /// <summary>The Code of a call whose client went away before the answer (nothing is written).</summary>
    public const string CanceledCode = "ClientClosedRequest";

    /// <summary>Maps <see cref="HandleAsync"/> on every path of a plain ASP.NET Core host.</summary>
    public static IEndpointRouteBuilder MapRpcGateway(this IEndpointRouteBuilder routes)
    {
        routes.Map("/", HandleAsync);
        // "{*path}", not the default "{*path:nonfile}": a path that looks like a file name
        // (/favicon.ico, /x.json) must get the JSON ApiNotSupport too, not an empty 404.
        routes.MapFallback("{*path}", HandleAsync);
        return routes;
    }

    /// <summary>
    /// Answers one HTTP request in full (status, headers, body), inside the call's span and a log
    /// scope carrying its RequestId, and counts it by Action and Code.
    /// </summary>
    public static async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var logger = http.RequestServices.GetRequiredService<ILogger<CallPipeline>>();
        using var scope = logger.BeginScope(new RequestLogScope(requestId));
        var telemetry = CallTelemetry.Start(requestId);
        var answer = new Answer(null, ErrorCatalog.InternalError.Code);
        try
        {
            var path = http.Request.Path;
            answer = path.HasValue && path.Value != "/"
                ? await WriteErrorAsync(http, requestId, null, ErrorCatalog.ApiNotSupport, ResponseFormat.Json)
                : await HandleCallAsync(http, requestId, logger);
        }
        finally
        {
            var action = answer.Action ?? TelemetryTags.OtherAction;
            telemetry.Stop(action, answer.Code, http.Response.StatusCode);
            ServerSpan.Describe(http, action, answer.Code, requestId);
        }
    }

    /// <summary>What a call was answered: its action (one the service has, or null) and the Code.</summary>
    private readonly record struct Answer(string? Action, string Code);

    private static async Task<Answer> WriteErrorAsync(HttpContext http, string requestId, string? action, ApiError error, ResponseFormat format)
    {
        await ResponseWriter.WriteErrorAsync(http, requestId, error, format);
        return new Answer(action, error.Code);
    }

    private static async Task<Answer> HandleCallAsync(HttpContext http, string requestId, ILogger logger)
    {
        // The first Format value decides how even a malformed request is answered; a duplicate is
        // then reported by the reader as ParameterCheckFailed.
        var queryFormat = http.Request.Query["Format"].FirstOrDefault();
        if (ResponseFormats.Parse(queryFormat) is not { } format)
        {
            return await WriteErrorAsync(http, requestId, null, ErrorCatalog.InvalidFormat(queryFormat!), ResponseFormat.Json);
        }

        Outcome outcome;
        string? action = null;
        // Every call is answered within the budget, a hanging store included (see StorageOptions.CallBudget).
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        budget.CancelAfter(http.RequestServices.GetRequiredService<IOptions<StorageOptions>>().Value.CallBudget);
        try
        {
            var (request, readError) = await RequestReader.ReadAsync(http, requestId, http.RequestAborted);
            if (request is null)
            {
                return await WriteErrorAsync(http, requestId, null, readError!, format);
            }

            // The action as a bounded name: telemetry and logs never carry what a client made up.
            var pipeline = http.RequestServices.GetRequiredService<CallPipeline>();
            action = pipeline.KnownAction(request.Action);

            // Format may also come in the form body.
            if (ResponseFormats.Parse(request.Parameter("Format")) is not { } bodyFormat)
            {
                return await WriteErrorAsync(http, requestId, action, ErrorCatalog.InvalidFormat(request.Parameter("Format")!), ResponseFormat.Json);
            }

            format = bodyFormat;
            outcome = await pipeline.RunAsync(request, budget.Token);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return new Answer(action, CanceledCode);
        }
        catch (Exception) when (budget.IsCancellationRequested)
        {
            // The store did not answer in time (the SDK reports the cancelled try in several
            // shapes). A commit already sent is settled by the ledger's fence (CommitFences):
            // fenced off, or withdrawn if it lands after this answer.
            logger.LogWarning("Request {RequestId} ({Action}) ran out of its call budget; answered {Code}", requestId, action, ErrorCatalog.SystemOverFlow.Code);
            outcome = ErrorCatalog.SystemOverFlow;
        }
        catch (Exception e)
        {
            var error = StorageFailures.ToApiError(e);
            logger.LogError(e, "Request {RequestId} ({Action}) failed with {Code}", requestId, action, error.Code);
            outcome = error;
        }

        if (outcome.Error is { } apiError)
        {
            return await WriteErrorAsync(http, requestId, action, apiError, format);
        }

        // Only a known action succeeds, so the bounded name is the action itself.
        await ResponseWriter.WriteSuccessAsync(http, requestId, action!, outcome.Response!, format);
        return new Answer(action, TelemetryTags.SuccessCode);
    }
}
