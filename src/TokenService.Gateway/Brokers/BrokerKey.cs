using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TokenService.Brokers;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// The standalone server's check of the broker's key, in the two forms a function key takes in
/// Azure: <c>?code=</c> or the <c>x-functions-key</c> header, against <c>Brokers__Key</c>. Compared
/// in constant time and never logged. Without a configured key every broker call is refused. The
/// function app does not call this: there the Functions host checks its function key first.
/// </summary>
internal static class BrokerKey
{
    public const string QueryName = "code";
    public const string HeaderName = "x-functions-key";

    public static bool IsPresented(HttpContext http)
    {
        var expected = http.RequestServices.GetRequiredService<IOptions<BrokerOptions>>().Value.Key;
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var presented = http.Request.Headers[HeaderName].Count == 1 ? http.Request.Headers[HeaderName][0]
            : http.Request.Query[QueryName].Count == 1 ? http.Request.Query[QueryName][0]
            : null;
        return presented is not null
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>The answer to a call without the key: 401, as the Functions host answers a missing function key.</summary>
    public static Task RefuseAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
