using TokenService.Gateway.Rpc;

namespace TokenService.Tests.Gateway;

/// <summary>
/// Percent-decoding is strict: each value has one spelling on the wire. A lenient decoder keeps a
/// malformed escape as text, so the service would sign and act on a value the client never sent.
/// </summary>
public sealed class FormParserDecodingTests
{
    private static (Dictionary<string, string> Values, string? Code) Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        return (values, FormParser.Parse(text, values)?.Code);
    }

    [Theory]
    [InlineData("Token=%zz")]
    [InlineData("Token=abc%")]
    [InlineData("Token=abc%4")]
    [InlineData("Token=%4G")]
    [InlineData("Token=%%41")]
    [InlineData("To%zken=1")]
    [InlineData("Token=%FF")]
    [InlineData("Token=%C3%28")]
    [InlineData("Token=%C0%AF")]
    [InlineData("Token=%ED%A0%80")]
    [InlineData("Token=%E4%BB")]
    public void MalformedEscapesAndNonUtf8BytesAreRejected(string text) =>
        Assert.Equal("ParameterCheckFailed", Parse(text).Code);

    [Theory]
    [InlineData("Token=%41%62", "Ab")]
    [InlineData("Token=%c3%a9", "é")]
    [InlineData("Token=%E4%BB%A4%E7%89%8C", "令牌")]
    [InlineData("Token=%F0%9F%94%91", "\U0001F511")]
    [InlineData("Token=a+b%20c%2B", "a b c+")]
    [InlineData("Token=%25zz", "%zz")]
    [InlineData("Token=é", "é")]
    [InlineData("Token=100%25", "100%")]
    public void WellFormedEscapesDecodeToUtf8(string text, string expected)
    {
        var (values, code) = Parse(text);

        Assert.Null(code);
        Assert.Equal(expected, values["Token"]);
    }

    [Fact]
    public void EscapedNameIsDecodedToo()
    {
        var (values, code) = Parse("Instance%49d=mqtt-1");

        Assert.Null(code);
        Assert.Equal("mqtt-1", values["InstanceId"]);
    }

    [Fact]
    public void EscapedControlCharacterInANameIsRejected() =>
        Assert.Equal("ParameterCheckFailed", Parse("To%0Aken=1").Code);
}
