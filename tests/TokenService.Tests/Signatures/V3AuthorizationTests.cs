using TokenService.Signatures;

namespace TokenService.Tests.Signatures;

public sealed class V3AuthorizationTests
{
    [Fact]
    public void ParsesCredentialSignedHeadersAndSignature()
    {
        var parsed = V3Authorization.TryParse("ACS3-HMAC-SHA256 Credential=LTAIabc,SignedHeaders=host;x-acs-action;x-acs-date,Signature=00ff");

        Assert.NotNull(parsed);
        Assert.Equal("ACS3-HMAC-SHA256", parsed.Algorithm);
        Assert.Equal("LTAIabc", parsed.AccessKeyId);
        Assert.Equal(["host", "x-acs-action", "x-acs-date"], parsed.SignedHeaders);
        Assert.Equal("00ff", parsed.Signature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ACS3-HMAC-SHA256")]
    [InlineData("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host")]
    [InlineData("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=Host,Signature=00")]
    [InlineData("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;;x,Signature=00")]
    [InlineData("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=00,Extra=1")]
    [InlineData("ACS3-HMAC-SHA256 Credential,SignedHeaders=host,Signature=00")]
    public void MalformedHeadersAreRejected(string header) => Assert.Null(V3Authorization.TryParse(header));

    [Fact]
    public void CanonicalRequestSortsSignedHeadersAndTrimsValues()
    {
        var headers = new Dictionary<string, string> { ["host"] = " example.com ", ["x-acs-date"] = "2026-01-01T00:00:00Z" };

        var canonical = V3Signature.CanonicalRequest("post", [new("b", "2"), new("a", "x y")], ["x-acs-date", "host"],
            name => headers.GetValueOrDefault(name), "e3b0");

        Assert.Equal("POST\n/\na=x%20y&b=2\nhost:example.com\nx-acs-date:2026-01-01T00:00:00Z\n\nhost;x-acs-date\ne3b0", canonical);
    }
}
