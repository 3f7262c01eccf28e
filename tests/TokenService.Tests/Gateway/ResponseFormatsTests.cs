using TokenService.Gateway.Rpc;

namespace TokenService.Tests.Gateway;

public sealed class ResponseFormatsTests
{
    [Theory]
    [InlineData(null, nameof(ResponseFormat.Json))]
    [InlineData("", nameof(ResponseFormat.Json))]
    [InlineData("JSON", nameof(ResponseFormat.Json))]
    [InlineData("json", nameof(ResponseFormat.Json))]
    [InlineData("XML", nameof(ResponseFormat.Xml))]
    [InlineData("xMl", nameof(ResponseFormat.Xml))]
    public void JsonAndXmlAreAcceptedInAnyCase(string? value, string expected) =>
        Assert.Equal(Enum.Parse<ResponseFormat>(expected), ResponseFormats.Parse(value));

    [Theory]
    [InlineData("YAML")]
    [InlineData(" JSON")]
    [InlineData("JSONP")]
    [InlineData("text/xml")]
    public void AnythingElseIsRefused(string value) => Assert.Null(ResponseFormats.Parse(value));
}
