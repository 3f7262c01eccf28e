using System.Text;
using TokenService.Signatures;

namespace TokenService.Bench.Clients;

/// <summary>
/// Calls the service as <c>@alicloud/pop-core</c> does: signature version 1.0 (HMAC-SHA1) over
/// every parameter, a fresh SignatureNonce per call, POST parameters in a form body and GET
/// parameters in the query string. The signing is the service's own <see cref="V1Signature"/>,
/// which the unit tests hold to Alibaba Cloud's published vector.
/// </summary>
internal sealed class SignedRpcClient(HttpClient http, Uri baseAddress, TenantKey key)
{
    public const string ApiVersion = "2020-04-20";

    public TenantKey Key => key;

    public async Task<RpcAnswer> CallAsync(string method, string action, IEnumerable<KeyValuePair<string, string>> business, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>(12)
        {
            new("Action", action),
            new("Version", ApiVersion),
            new("Format", "JSON"),
            new("AccessKeyId", key.AccessKeyId),
            new("SignatureMethod", V1Signature.Method),
            new("SignatureVersion", V1Signature.Version),
            new("SignatureNonce", Guid.NewGuid().ToString()),
            new("Timestamp", Timestamps.Format(DateTimeOffset.UtcNow)),
        };
        parameters.AddRange(business);
        parameters.Add(new("Signature", V1Signature.Sign(key.Secret, V1Signature.StringToSign(method, parameters))));

        var encoded = string.Join('&', parameters.Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));
        using var request = method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "/?" + encoded))
            : new HttpRequestMessage(new HttpMethod(method), baseAddress)
            {
                Content = new StringContent(encoded, Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new RpcAnswer((int)response.StatusCode, body);
    }

    public Task<RpcAnswer> RevokeAsync(string instanceId, string token, CancellationToken cancellationToken) =>
        CallAsync("POST", "RevokeToken", [new("InstanceId", instanceId), new("Token", token)], cancellationToken);

    public Task<RpcAnswer> QueryAsync(string instanceId, string token, CancellationToken cancellationToken) =>
        CallAsync("GET", "QueryToken", [new("InstanceId", instanceId), new("Token", token)], cancellationToken);

    public Task<RpcAnswer> ApplyAsync(string instanceId, CancellationToken cancellationToken) =>
        CallAsync("POST", "ApplyToken",
        [
            new("InstanceId", instanceId),
            new("Resources", "devices/+/telemetry,devices/bench/commands/#"),
            new("Actions", "R,W"),
            new("ExpireTime", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], cancellationToken);
}
