using TokenService.Signatures;

namespace TokenService.Tests.Signatures;

public sealed class V1SignatureTests
{
    // The published example of Alibaba Cloud's "Signature method" page (docs/contract.md §3.2).
    private static readonly Dictionary<string, string> KnownVector = new(StringComparer.Ordinal)
    {
        ["AccessKeyId"] = "testid",
        ["Action"] = "DescribeRegions",
        ["Format"] = "XML",
        ["SignatureMethod"] = "HMAC-SHA1",
        ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        ["SignatureVersion"] = "1.0",
        ["TimeStamp"] = "2016-02-23T12:46:24Z",
        ["Version"] = "2014-05-26",
    };

    [Fact]
    public void KnownVectorGivesPublishedSignature()
    {
        var stringToSign = V1Signature.StringToSign("GET", KnownVector);

        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
            "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
            "%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
            stringToSign);
        Assert.Equal("CT9X0VtwR86fNWSnsc6v8YGOjuE=", V1Signature.Sign("testsecret", stringToSign));
    }

    [Fact]
    public void SignatureParameterIsNotSigned()
    {
        var withSignature = new Dictionary<string, string>(KnownVector) { ["Signature"] = "anything" };

        Assert.Equal(V1Signature.StringToSign("GET", KnownVector), V1Signature.StringToSign("GET", withSignature));
    }

    [Fact]
    public void ParametersAreSortedOrdinallyNotCulturally()
    {
        var parameters = new Dictionary<string, string> { ["b"] = "1", ["B"] = "2", ["a"] = "3", ["_"] = "4" };

        Assert.Equal("POST&%2F&B%3D2%26_%3D4%26a%3D3%26b%3D1", V1Signature.StringToSign("post", parameters));
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("*", "%2A")]
    [InlineData("~-_.", "~-_.")]
    [InlineData("é", "%C3%A9")]
    [InlineData("/:?", "%2F%3A%3F")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void PercentEncodingFollowsRfc3986WithUpperCaseHex(string value, string expected) =>
        Assert.Equal(expected, PercentEncoding.Encode(value));
}
