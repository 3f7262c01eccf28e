using System.Globalization;
using System.Text;
using TokenService.Signatures;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// Signs calls with signature version 1.0 as Alibaba Cloud's RPC clients do (the canonicalization
/// is checked against the published vector in the unit tests; the conformance suite uses the
/// real npm clients). Every part can be overridden to build bad requests.
/// </summary>
public sealed class SignedClient(HttpClient http, string accessKeyId, string secret, string? securityToken = null)
{
    public string AccessKeyId => accessKeyId;

    /// <summary>The parameters a well-formed call carries, signed over everything given.</summary>
    public Dictionary<string, string> Parameters(string action, IDictionary<string, string> business, DateTimeOffset? timestamp = null, string? nonce = null)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = action,
            ["Version"] = "2020-04-20",
            ["Format"] = "JSON",
            ["AccessKeyId"] = accessKeyId,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["SignatureNonce"] = nonce ?? Guid.NewGuid().ToString(),
            ["Timestamp"] = Timestamps.Format(timestamp ?? DateTimeOffset.UtcNow),
        };
        if (securityToken is not null)
        {
            parameters["SecurityToken"] = securityToken;
        }

        foreach (var (name, value) in business)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    public Dictionary<string, string> Sign(string method, Dictionary<string, string> parameters, string? withSecret = null)
    {
        parameters.Remove("Signature");
        parameters["Signature"] = V1Signature.Sign(withSecret ?? secret, V1Signature.StringToSign(method, parameters));
        return parameters;
    }

    public Task<ApiResponse> CallAsync(string action, IDictionary<string, string> business, string method = "POST") =>
        SendAsync(method, Sign(method, Parameters(action, business)));

    public Task<ApiResponse> RevokeAsync(string token, string instanceId) =>
        CallAsync("RevokeToken", new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = instanceId });

    /// <summary>POST sends the parameters as a form body; GET in the query string.</summary>
    public async Task<ApiResponse> SendAsync(string method, IDictionary<string, string> parameters, string? rawQuery = null)
    {
        var encoded = string.Join('&', parameters.Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));
        using var request = method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, "/?" + encoded)
            : new HttpRequestMessage(new HttpMethod(method), "/" + (rawQuery is null ? "" : "?" + rawQuery))
            {
                Content = new StringContent(encoded, Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
        return await ReadAsync(await http.SendAsync(request));
    }

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        response.Dispose();
        return new ApiResponse(response.StatusCode, body, headers);
    }

    public static string Ascii(string value) => value.ToString(CultureInfo.InvariantCulture);
}
