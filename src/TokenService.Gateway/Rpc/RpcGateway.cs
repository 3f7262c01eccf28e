using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TokenService.Rpc;
using TokenService.Storage;

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
    /// <summary>Maps <see cref="HandleAsync"/> on every path of a plain ASP.NET Core host.</summary>
    public static IEndpointRouteBuilder MapRpcGateway(this IEndpointRouteBuilder routes)
    {
        routes.Map("/", HandleAsync);
        // "{*path}", not the default "{*path:nonfile}": a path that looks like a file name
        // (/favicon.ico, /x.json) must get the JSON ApiNotSupport too, not an empty 404.
        routes.MapFallback("{*path}", HandleAsync);
        return routes;
    }

    /// <summary>Answers one HTTP request in full (status, headers, body).</summary>
    public static Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var path = http.Request.Path;
        return path.HasValue && path.Value != "/"
            ? ResponseWriter.WriteErrorAsync(http, requestId, ErrorCatalog.ApiNotSupport, ResponseFormat.Json)
            : HandleCallAsync(http, requestId);
    }

    private static async Task HandleCallAsync(HttpContext http, string requestId)
    {
        // The first Format value decides how even a malformed request is answered; a duplicate is
        // then reported by the reader as ParameterCheckFailed.
        var queryFormat = http.Request.Query["Format"].FirstOrDefault();
        if (ResponseFormats.Parse(queryFormat) is not { } format)
        {
            await ResponseWriter.WriteErrorAsync(http, requestId, ErrorCatalog.InvalidFormat(queryFormat!), ResponseFormat.Json);
            return;
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
                await ResponseWriter.WriteErrorAsync(http, requestId, readError!, format);
                return;
            }

            // Format may also come in the form body.
            if (ResponseFormats.Parse(request.Parameter("Format")) is not { } bodyFormat)
            {
                await ResponseWriter.WriteErrorAsync(http, requestId, ErrorCatalog.InvalidFormat(request.Parameter("Format")!), ResponseFormat.Json);
                return;
            }

            format = bodyFormat;
            action = request.Action;
            outcome = await http.RequestServices.GetRequiredService<CallPipeline>().RunAsync(request, budget.Token);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception) when (budget.IsCancellationRequested)
        {
            // The store did not answer in time (the SDK reports the cancelled try in several
            // shapes). An entity-group commit in flight is atomic: stored whole or not at all.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RpcGateway))
                .LogWarning("Request {RequestId} ({Action}) ran out of its call budget; answered {Code}", requestId, action, ErrorCatalog.SystemOverFlow.Code);
            outcome = ErrorCatalog.SystemOverFlow;
        }
        catch (Exception e)
        {
            var error = StorageFailures.ToApiError(e);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RpcGateway)).LogError(e, "Request {RequestId} ({Action}) failed with {Code}", requestId, action, error.Code);
            outcome = error;
        }

        if (outcome.Error is { } apiError)
        {
            await ResponseWriter.WriteErrorAsync(http, requestId, apiError, format);
        }
        else
        {
            await ResponseWriter.WriteSuccessAsync(http, requestId, action!, outcome.Response!, format);
        }
    }
}
