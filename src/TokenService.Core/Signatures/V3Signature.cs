using System.Security.Cryptography;
using System.Text;
using TokenService.Rpc;

namespace TokenService.Signatures;

/// <summary>
/// Signature V3 (<c>ACS3-HMAC-SHA256</c>), as <c>@alicloud/openapi-client</c> signs by default:
/// CanonicalRequest = METHOD \n / \n canonical query \n canonical headers \n signed headers \n
/// hex SHA-256 of the body; StringToSign = "ACS3-HMAC-SHA256\n" + hex(SHA-256(CanonicalRequest));
/// Signature = hex(HMAC-SHA256(secret, StringToSign)).
/// </summary>
internal static class V3Signature
{
    public const string Algorithm = "ACS3-HMAC-SHA256";

    public static string CanonicalRequest(
        string httpMethod,
        IEnumerable<KeyValuePair<string, string>> query,
        IReadOnlyList<string> signedHeaders,
        Func<string, string?> header,
        string hashedPayload)
    {
        var sorted = signedHeaders.Order(StringComparer.Ordinal).ToList();
        var builder = new StringBuilder();
        builder.Append(httpMethod.ToUpperInvariant()).Append('\n')
            .Append('/').Append('\n')
            .Append(PercentEncoding.CanonicalQuery(query)).Append('\n');
        foreach (var name in sorted)
        {
            builder.Append(name).Append(':').Append((header(name) ?? "").Trim()).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', sorted)).Append('\n').Append(hashedPayload);
        return builder.ToString();
    }

    public static string StringToSign(string canonicalRequest) =>
        Algorithm + "\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    public static string Sign(string secret, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    public static Checked<SignedRequest> Parse(RpcRequest request)
    {
        var authorization = V3Authorization.TryParse(request.Header("authorization") ?? "");
        if (authorization is null)
        {
            return ErrorCatalog.IncompleteSignature("The Authorization header must be 'ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...'.");
        }

        if (authorization.Algorithm != Algorithm)
        {
            return ErrorCatalog.InvalidSignatureMethod(authorization.Algorithm);
        }

        if (string.IsNullOrEmpty(request.Header("x-acs-signature-nonce")))
        {
            return ErrorCatalog.Missing("SignatureNonce");
        }

        var date = request.Header("x-acs-date");
        if (string.IsNullOrEmpty(date))
        {
            return ErrorCatalog.Missing("Timestamp");
        }

        var contentHash = request.Header("x-acs-content-sha256");
        if (string.IsNullOrEmpty(contentHash))
        {
            return ErrorCatalog.IncompleteSignature("The x-acs-content-sha256 header is required.");
        }

        // Every x-acs-* header and the host must be signed, or a proxy could change them unnoticed.
        var unsigned = request.Headers.Keys
            .Where(h => h.StartsWith("x-acs-", StringComparison.Ordinal) || h == "host")
            .FirstOrDefault(h => !authorization.SignedHeaders.Contains(h));
        if (unsigned is not null)
        {
            return ErrorCatalog.IncompleteSignature($"The header {unsigned} must be signed.");
        }

        if (!Timestamps.TryParse(date, out var timestamp))
        {
            return ErrorCatalog.InvalidTimeStampFormat;
        }

        var canonical = CanonicalRequest(request.Method, request.QueryParameters, authorization.SignedHeaders, request.Header, contentHash);
        var stringToSign = StringToSign(canonical);
        var bodyMatches = string.Equals(Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)), contentHash, StringComparison.OrdinalIgnoreCase);
        var provided = Encoding.UTF8.GetBytes(authorization.Signature.ToLowerInvariant());
        return new SignedRequest(
            authorization.AccessKeyId,
            request.Header("x-acs-signature-nonce")!,
            timestamp,
            request.Header("x-acs-security-token"),
            stringToSign,
            secret => bodyMatches & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Sign(secret, stringToSign)), provided));
    }
}
