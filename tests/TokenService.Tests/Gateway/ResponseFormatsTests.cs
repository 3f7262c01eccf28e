using TokenService.Gateway.Rpc;

namespace TokenService.Tests.Gateway;

public sealed class ResponseFormatsTests
{
    [Theory]
    [InlineData(null, ResponseFormat.Json)]
    [InlineData("", ResponseFormat.Json)]
    [InlineData("JSON", ResponseFormat.Json)]
    [InlineData("json", ResponseFormat.Json)]
    [InlineData("XML", ResponseFormat.Xml)]
    [InlineData("xMl", ResponseFormat.Xml)]
    public void JsonAndXmlAreAcceptedInAnyCase(string? value, ResponseFormat expected) =>
        Assert.Equal(expected, ResponseFormats.Parse(value));

    [Theory]
    [InlineData("YAML")]
    [InlineData(" JSON")]
    [InlineData("JSONP")]
    [InlineData("text/xml")]
    public void AnythingElseIsRefused(string value) => Assert.Null(ResponseFormats.Parse(value));
}
