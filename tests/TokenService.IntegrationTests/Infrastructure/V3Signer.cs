using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// Signs calls with <c>ACS3-HMAC-SHA256</c> (docs/contract.md §3.3), the way <c>@alicloud/openapi-client</c>
/// does for RPC APIs: action, version, date, nonce, body hash and (for STS) security token in
/// <c>x-acs-*</c> headers, business parameters in a form body (or the query string). Written from
/// the specification, not from the service's code, so that a mistake shared by both cannot hide.
/// Every part of a <see cref="V3Request"/> can be changed before or after signing to build bad requests.
/// </summary>
public sealed class V3Signer(string accessKeyId, string secret, string? securityToken = null)
{
    public const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>A signed request; every header it carries is signed.</summary>
    public V3Request Create(HttpClient http, string action, IDictionary<string, string> parameters, string method = "POST", bool inBody = true)
    {
        var request = new V3Request { Method = method };
        if (inBody && method != "GET")
        {
            request.Body = Encoding.UTF8.GetBytes(string.Join('&', parameters.Select(p => Encode(p.Key) + "=" + Encode(p.Value))));
            request.Headers["content-type"] = "application/x-www-form-urlencoded";
        }
        else
        {
            foreach (var (name, value) in parameters)
            {
                request.Query[name] = value;
            }
        }

        request.Headers["host"] = http.BaseAddress!.Authority;
        request.Headers["x-acs-action"] = action;
        request.Headers["x-acs-version"] = "2020-04-20";
        request.Headers["x-acs-date"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        request.Headers["x-acs-signature-nonce"] = Guid.NewGuid().ToString("N");
        request.Headers["x-acs-content-sha256"] = Hex(SHA256.HashData(request.Body));
        if (securityToken is not null)
        {
            request.Headers["x-acs-security-token"] = securityToken;
        }

        return Sign(request);
    }

    /// <summary>(Re)computes the Authorization header over <paramref name="signedHeaders"/> (default: every header present).</summary>
    public V3Request Sign(V3Request request, IEnumerable<string>? signedHeaders = null, string algorithm = Algorithm)
    {
        var names = (signedHeaders ?? request.Headers.Keys).Order(StringComparer.Ordinal).ToList();
        var query = string.Join('&', request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        var headers = string.Concat(names.Select(n => n + ":" + request.Headers.GetValueOrDefault(n, "").Trim() + "\n"));
        var hashedPayload = request.Headers.GetValueOrDefault("x-acs-content-sha256") ?? Hex(SHA256.HashData(request.Body));
        var canonical = $"{request.Method}\n/\n{query}\n{headers}\n{string.Join(';', names)}\n{hashedPayload}";
        var stringToSign = algorithm + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
        request.Authorization = $"{algorithm} Credential={accessKeyId},SignedHeaders={string.Join(';', names)},Signature={signature}";
        return request;
    }

    public static async Task<ApiResponse> SendAsync(HttpClient http, V3Request request)
    {
        var query = string.Join('&', request.Query.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), "/" + (query.Length > 0 ? "?" + query : ""));
        if (request.Method != "GET")
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name == "host")
            {
                message.Headers.Host = value;
            }
            else if (name == "content-type")
            {
                message.Content?.Headers.TryAddWithoutValidation("Content-Type", value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        return await SignedClient.ReadAsync(await http.SendAsync(message));
    }

    /// <summary>RFC 3986: unreserved characters stay, every other UTF-8 byte is %XY in upper-case hex.</summary>
    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>A V3 request before it is sent: headers by lower-case name, the body, the query, the Authorization value.</summary>
public sealed class V3Request
{
    public string Method { get; set; } = "POST";

    public Dictionary<string, string> Query { get; } = new(StringComparer.Ordinal);

    public byte[] Body { get; set; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.Ordinal);

    public string? Authorization { get; set; }
}
