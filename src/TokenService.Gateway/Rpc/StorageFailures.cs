using Azure;
using TokenService.Rpc;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// The one mapping from storage failures to the API's errors: an overloaded store (503, server
/// busy, timeouts after the client's retries) is <c>SystemOverFlow</c>; anything else unexpected
/// is <c>InternalError</c>. Neither message says anything about the store.
/// </summary>
internal static class StorageFailures
{
    public static ApiError ToApiError(Exception exception) => exception switch
    {
        // The SDK's retries end in an AggregateException of every try's failure: the last one decides.
        AggregateException { InnerExceptions.Count: > 0 } tries => ToApiError(tries.InnerExceptions[^1]),
        RequestFailedException { Status: 503 } => ErrorCatalog.SystemOverFlow,
        RequestFailedException { Status: 500, ErrorCode: "OperationTimedOut" or "ServerBusy" } => ErrorCatalog.SystemOverFlow,
        RequestFailedException { Status: 429 } => ErrorCatalog.SystemOverFlow,
        TimeoutException => ErrorCatalog.SystemOverFlow,
        TaskCanceledException { InnerException: TimeoutException } => ErrorCatalog.SystemOverFlow,
        _ => ErrorCatalog.InternalError,
    };
}
