using Azure;

namespace TokenService.Cli.Commands;

/// <summary>
/// What an operator is told when the store fails: a store that did not answer at all is named
/// with what to do about it (the SDK's own words for that are "status 0"); a store that answered
/// with an error gets its status and code.
/// </summary>
public static class StoreFailure
{
    public static string? Describe(Exception exception, Func<Uri> endpoint) => Unwrap(exception) switch
    {
        RequestFailedException { Status: 0 } noAnswer => Unreachable(endpoint(), noAnswer),
        RequestFailedException answered => $"storage request failed ({answered.Status} {answered.ErrorCode}).",
        HttpRequestException unreachable => Unreachable(endpoint(), unreachable),
        _ => null,
    };

    private static string Unreachable(Uri endpoint, Exception failure) =>
        $"the table store at {endpoint.GetLeftPart(UriPartial.Authority)} did not answer ({Innermost(failure).Message.TrimEnd('.')}). " +
        "Start Azurite (./run.sh starts it), or set Storage__ConnectionString (or Storage__TableServiceUri) to a store that answers.";

    /// <summary>The SDK wraps its last try's failure in an AggregateException after its retries.</summary>
    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Unwrap(aggregate.InnerExceptions[^1]) : exception;

    private static Exception Innermost(Exception exception) =>
        exception.InnerException is { } inner ? Innermost(inner) : exception;
}
