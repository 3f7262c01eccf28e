using TokenService.Signatures;

namespace TokenService.Tests.Signatures;

/// <summary>
/// Vectors computed by Alibaba Cloud's own npm clients (<c>@alicloud/openapi-util</c>'s
/// getAuthorization and getRPCSignature, and a request captured from <c>@alicloud/pop-core</c>),
/// printed by <c>node tests/conformance/v3-vectors.mjs</c>: not by the code under test.
/// </summary>
public sealed class ClientVectorTests
{
    private const string Secret = "ExampleSecret0123456789abcdefXY";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly Dictionary<string, string> V3Headers = new(StringComparer.Ordinal)
    {
        ["host"] = "127.0.0.1:7071",
        ["x-acs-action"] = "RevokeToken",
        ["x-acs-content-sha256"] = EmptyBodyHash,
        ["x-acs-credentials-provider"] = "static_ak",
        ["x-acs-date"] = "2026-01-15T08:30:00Z",
        ["x-acs-signature-nonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        ["x-acs-version"] = "2020-04-20",
    };

    private static string SignV3(IEnumerable<KeyValuePair<string, string>> query, Dictionary<string, string> headers, string bodyHash, out string canonical)
    {
        canonical = V3Signature.CanonicalRequest("POST", query, [.. headers.Keys], name => headers.GetValueOrDefault(name), bodyHash);
        return V3Signature.Sign(Secret, V3Signature.StringToSign(canonical));
    }

    [Fact]
    public void V3WithParametersInTheQueryMatchesOpenApiClient()
    {
        var signature = SignV3(
            [new("InstanceId", "mqtt-cn-0pp12gl0a01"), new("Token", "LzMT+XLFl5s/YWJ/MlDz4t==")], V3Headers, EmptyBodyHash, out var canonical);

        Assert.Equal(
            "POST\n/\nInstanceId=mqtt-cn-0pp12gl0a01&Token=LzMT%2BXLFl5s%2FYWJ%2FMlDz4t%3D%3D\nhost:127.0.0.1:7071\nx-acs-action:RevokeToken\n" +
            $"x-acs-content-sha256:{EmptyBodyHash}\nx-acs-credentials-provider:static_ak\nx-acs-date:2026-01-15T08:30:00Z\n" +
            "x-acs-signature-nonce:3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\nx-acs-version:2020-04-20\n\n" +
            $"host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version\n{EmptyBodyHash}",
            canonical);
        Assert.Equal("ACS3-HMAC-SHA256\nb7777a4ba9301960c7ea26d643403511447215456d29f74a32c8c27ae0e2f947", V3Signature.StringToSign(canonical));
        Assert.Equal("bdf882b968bb5b9daba64fb500ef00f96a78a3b11b79fcd434fc12ff2dc22756", signature);
    }

    [Fact]
    public void V3WithStsHeadersMatchesOpenApiClient()
    {
        var headers = new Dictionary<string, string>(V3Headers, StringComparer.Ordinal)
        {
            ["x-acs-credentials-provider"] = "static_sts",
            ["x-acs-accesskey-id"] = "STS.NTestTemporaryKey01",
            ["x-acs-security-token"] = "v1.k1.ExampleSecurityToken+/=",
        };

        var signature = SignV3(
            [new("InstanceId", "mqtt-cn-0pp12gl0a01"), new("Token", "LzMT+XLFl5s/YWJ/MlDz4t==")], headers, EmptyBodyHash, out var canonical);

        Assert.Equal("ACS3-HMAC-SHA256\nda7d0f839dfbf8efed1add522fe61e8b84f5f9e47cae932dde93675f7171133a", V3Signature.StringToSign(canonical));
        Assert.Equal("9522f07f646c1680d4aa678b9c133afe6803888afab01b6227b8497441c46f89", signature);
    }

    [Fact]
    public void V3WithAFormBodyMatchesOpenApiClient()
    {
        const string bodyHash = "a5c594eab4dc4b353184476add10547da4e6c468eef4245b33cef9b4ae98020e";
        var body = "InstanceId=mqtt-cn-0pp12gl0a01&Token=LzMT%2BXLFl5s%2FYWJ%2FMlDz4t%3D%3D"u8.ToArray();
        var headers = new Dictionary<string, string>(V3Headers, StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-www-form-urlencoded",
            ["x-acs-content-sha256"] = bodyHash,
        };

        var signature = SignV3([], headers, bodyHash, out var canonical);

        Assert.Equal(bodyHash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)));
        Assert.Equal("ACS3-HMAC-SHA256\n58426b5dd194276d01f7fd07653a00152376fa5777d5c61c2519c7c4013ee1dc", V3Signature.StringToSign(canonical));
        Assert.Equal("efb1ce496eb0862f9d2ca6778e0188e0c709d93578ab35e225a7678f486e98db", signature);
    }

    [Fact]
    public void V3EncodesReservedCharactersAsTheClientDoes()
    {
        var signature = SignV3(
            [new("InstanceId", "mqtt-cn-0pp12gl0a01"), new("Token", "a b*c~d'e(f)g!h/é")], V3Headers, EmptyBodyHash, out var canonical);

        Assert.Contains("\nInstanceId=mqtt-cn-0pp12gl0a01&Token=a%20b%2Ac~d%27e%28f%29g%21h%2F%C3%A9\n", canonical, StringComparison.Ordinal);
        Assert.Equal("ACS3-HMAC-SHA256\n568503e96dbae3bcb227807d6f4b0104e714ff06dd314f55d167c9dd227f2b1e", V3Signature.StringToSign(canonical));
        Assert.Equal("ae16c418a90c926b1e5035338c778ce33f490839f1082535c531986f37dedfce", signature);
    }

    [Theory]
    [InlineData("POST", "JSON", "SWavzTMNhznKkiA/uuVGBb8al+o=")]
    [InlineData("GET", "JSON", "lo7EvniX5wPMjy8vLNFzpzi/sm8=")]
    [InlineData("POST", "json", "HUit+Bw5e2tVGySvZRvWGfFvOAw=")]
    public void V1MatchesPopCoreAndOpenApiClientV2(string method, string format, string expected)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = "LTAI5tExampleAccessKeyId",
            ["Action"] = "RevokeToken",
            ["Format"] = format,
            ["InstanceId"] = "mqtt-cn-0pp12gl0a01",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = "2026-01-15T08:30:00Z",
            ["Token"] = "LzMT+XLFl5s/YWJ/MlDz4t==",
            ["Version"] = "2020-04-20",
        };

        Assert.Equal(expected, V1Signature.Sign(Secret, V1Signature.StringToSign(method, parameters)));
    }
}
