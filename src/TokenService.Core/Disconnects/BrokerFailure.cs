using System.Text.Json;

namespace TokenService.Disconnects;

/// <summary>The failures of a broker's API that are worth trying again: unreachable, slow, refusing, or answering nonsense.</summary>
internal static class BrokerFailure
{
    public static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException or JsonException => true,
        // HttpClient's own timeout, not the caller stopping.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>For the log: the kind and the status, never a URL with its query or a header.</summary>
    public static string Describe(Exception e) => e switch
    {
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}",
        HttpRequestException { HttpRequestError: var error } => error.ToString(),
        OperationCanceledException => "timed out",
        _ => e.GetType().Name,
    };
}
