namespace TokenService.Rpc;

/// <summary>
/// An expected failure of a call, as the caller sees it: HTTP status, Alibaba Cloud error code and
/// message. Expected outcomes are values, never exceptions.
/// </summary>
public sealed record ApiError(int HttpStatus, string Code, string Message)
{
    /// <summary>Sent as <c>Retry-After</c> (whole seconds) on throttling errors.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
