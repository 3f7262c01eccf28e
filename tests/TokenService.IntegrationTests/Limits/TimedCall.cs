using System.Net;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// One call as the client saw it: <see cref="SentAt"/> is read before the request is signed and
/// sent, <see cref="ReceivedAt"/> after the answer is read, both from the machine's UTC clock, which
/// the service processes on the same machine share. Whatever the service decided for the call
/// (including the second it charged), it decided between the two.
/// </summary>
public sealed record TimedCall(string Label, DateTimeOffset SentAt, DateTimeOffset ReceivedAt, ApiResponse Response)
{
    public static async Task<TimedCall> RunAsync(string label, Func<Task<ApiResponse>> call)
    {
        var sent = DateTimeOffset.UtcNow;
        var response = await call();
        return new TimedCall(label, sent, DateTimeOffset.UtcNow, response);
    }

    public bool Succeeded => Response.Status == HttpStatusCode.OK;

    public bool OverFlowed(string action) => Response.Status == HttpStatusCode.BadRequest && Response.Code == action + "OverFlow";

    /// <summary>The UTC second holding the whole round trip (so also the service's decision), or null when it straddles a boundary.</summary>
    public long? ContainedSecond =>
        SentAt.ToUnixTimeSeconds() == ReceivedAt.ToUnixTimeSeconds() ? SentAt.ToUnixTimeSeconds() : null;
}
