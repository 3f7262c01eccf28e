using System.Security.Cryptography;
using System.Text;
using TokenService.Rpc;

namespace TokenService.Signatures;

/// <summary>
/// Signature version 1.0 (HMAC-SHA1), as <c>@alicloud/pop-core</c> and older SDKs sign:
/// StringToSign = METHOD + "&amp;%2F&amp;" + encode(canonical query of every parameter but
/// Signature); Signature = Base64(HMAC-SHA1(secret + "&amp;", StringToSign)).
/// </summary>
internal static class V1Signature
{
    public const string Method = "HMAC-SHA1";
    public const string Version = "1.0";

    private static readonly string[] Required = ["AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"];

    public static string StringToSign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters) =>
        httpMethod.ToUpperInvariant() + "&%2F&" +
        PercentEncoding.Encode(PercentEncoding.CanonicalQuery(parameters.Where(p => p.Key != "Signature")));

    // HMAC-SHA1 is what signature version 1.0 is defined as; the service must speak it to older SDKs.
#pragma warning disable CA5350
    public static string Sign(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
#pragma warning restore CA5350

    public static Checked<SignedRequest> Parse(RpcRequest request)
    {
        foreach (var name in Required)
        {
            if (string.IsNullOrEmpty(request.Parameter(name)))
            {
                return ErrorCatalog.Missing(name);
            }
        }

        var method = request.Parameter("SignatureMethod")!;
        if (method != Method)
        {
            return ErrorCatalog.InvalidSignatureMethod(method);
        }

        if (request.Parameter("SignatureVersion") != Version)
        {
            return ErrorCatalog.InvalidParameter("SignatureVersion", $"SignatureVersion must be {Version}.");
        }

        if (!Timestamps.TryParse(request.Parameter("Timestamp")!, out var timestamp))
        {
            return ErrorCatalog.InvalidTimeStampFormat;
        }

        var stringToSign = StringToSign(request.Method, request.Parameters);
        var provided = Encoding.UTF8.GetBytes(request.Parameter("Signature")!);
        return new SignedRequest(
            request.Parameter("AccessKeyId")!,
            request.Parameter("SignatureNonce")!,
            timestamp,
            request.Parameter("SecurityToken"),
            stringToSign,
            secret => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Sign(secret, stringToSign)), provided));
    }
}
