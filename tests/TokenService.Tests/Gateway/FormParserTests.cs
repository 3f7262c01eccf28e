using TokenService.Gateway.Rpc;

namespace TokenService.Tests.Gateway;

public sealed class FormParserTests
{
    private static (Dictionary<string, string> Values, string? Code) Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        return (values, FormParser.Parse(text, values)?.Code);
    }

    [Fact]
    public void DecodesPercentAndPlus()
    {
        var (values, code) = Parse("Token=a%2Bb+c&InstanceId=i%2D1&Empty=");

        Assert.Null(code);
        Assert.Equal("a+b c", values["Token"]);
        Assert.Equal("i-1", values["InstanceId"]);
        Assert.Equal("", values["Empty"]);
    }

    [Theory]
    [InlineData("Token=a&Token=b")]
    [InlineData("=value")]
    [InlineData("a%00b=1")]
    public void MalformedOrDuplicatedParametersAreRejected(string text) =>
        Assert.Equal("ParameterCheckFailed", Parse(text).Code);

    [Fact]
    public void TooManyParametersAreRejected() =>
        Assert.Equal("ParameterCheckFailed", Parse(string.Join('&', Enumerable.Range(0, GatewayLimits.MaxParameters + 1).Select(i => $"p{i}=1"))).Code);

    [Fact]
    public void OversizedValueIsRejected() =>
        Assert.Equal("ParameterCheckFailed", Parse("Token=" + new string('a', GatewayLimits.MaxValueLength + 1)).Code);

    [Fact]
    public void ParametersAlreadyReadFromTheQueryCountAsDuplicatesInTheBody()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Token"] = "q" };

        Assert.Equal("ParameterCheckFailed", FormParser.Parse("Token=b", values)?.Code);
    }
}
