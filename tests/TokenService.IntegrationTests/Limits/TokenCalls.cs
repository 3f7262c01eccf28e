using System.Globalization;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Limits;

/// <summary>The token operations' calls as a client application makes them.</summary>
public static class TokenCalls
{
    /// <summary>ApplyToken for two topic filters, read and write, valid for an hour.</summary>
    public static Task<ApiResponse> ApplyAsync(this SignedClient client, string instanceId) =>
        client.CallAsync("ApplyToken", new Dictionary<string, string>
        {
            ["Resources"] = "a/b,c/+",
            ["InstanceId"] = instanceId,
            ["ExpireTime"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["Actions"] = "R,W",
        });

    public static Task<ApiResponse> QueryAsync(this SignedClient client, string token, string instanceId, string method = "GET") =>
        client.CallAsync("QueryToken", new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = instanceId }, method);
}
