using TokenService.Tokens;

namespace TokenService.Tests.Tokens;

public class TokenAuthorizerTests
{
    [Theory]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/c", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("a/b", "a", false)]
    [InlineData("a/+", "a/b", true)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/+", "a", false)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("+/+", "/b", true)]
    [InlineData("a/+/c", "a/b/c", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/b/c/d", true)]
    [InlineData("a/#", "ab", false)]
    [InlineData("a/#", "b/a", false)]
    [InlineData("#", "anything/at/all", true)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/broker", "$SYS/broker", false)]
    [InlineData("$SYS/#", "$SYS/broker", true)]
    [InlineData("A/b", "a/b", false)]
    public void ConcreteTopicsMatchLikeMqtt(string granted, string topic, bool expected)
    {
        Assert.Equal(expected, TokenAuthorizer.Covers(granted, topic));
    }

    [Theory]
    [InlineData("a/#", "a/+/c", true)]
    [InlineData("a/#", "a/#", true)]
    [InlineData("#", "#", true)]
    [InlineData("a/+", "a/+", true)]
    [InlineData("+/+", "a/+", true)]
    [InlineData("a/+", "a/#", false)]
    [InlineData("a/b", "a/+", false)]
    [InlineData("a/+/c", "a/+/#", false)]
    [InlineData("a/b/#", "a/#", false)]
    [InlineData("#", "+/x", true)]
    public void SubscriptionFiltersMustBeCoveredByAGrant(string granted, string requested, bool expected)
    {
        Assert.Equal(expected, TokenAuthorizer.Covers(granted, requested));
    }

    [Fact]
    public void BrokerAuthorizesTopicsFromAVerifiedToken()
    {
        var codec = TokenTestKeys.Codec();
        var issue = codec.Issue("mqtt-1", TokenActions.Write, ["devices/42/telemetry/+", "devices/42/state"], TokenTestKeys.Now, TokenTestKeys.Now.AddHours(1));

        var claims = codec.Verify(issue.Token!)!;

        Assert.True(claims.Allows(TokenActions.Write, "devices/42/telemetry/temperature"));
        Assert.True(claims.Allows(TokenActions.Write, "devices/42/state"));
        Assert.False(claims.Allows(TokenActions.Write, "devices/43/state"));
        Assert.False(claims.Allows(TokenActions.Read, "devices/42/state"));
        Assert.False(claims.Allows(TokenActions.Read | TokenActions.Write, "devices/42/state"));
        Assert.False(claims.Allows(TokenActions.None, "devices/42/state"));
        Assert.False(claims.Allows(TokenActions.Write, "devices/42/telemetry/#"));
        Assert.False(claims.Allows(TokenActions.Write, ""));
        Assert.False(claims.Allows(TokenActions.Write, "devices/42/st\u0000ate"));
    }

    [Fact]
    public void ReadWriteTokenAllowsBoth()
    {
        var claims = new TokenClaims("i", TokenActions.Read | TokenActions.Write, ["a/#"], TokenTestKeys.Now, TokenTestKeys.Now.AddHours(1), "00");

        Assert.True(claims.Allows(TokenActions.Read, "a/b"));
        Assert.True(claims.Allows(TokenActions.Write, "a/b"));
        Assert.True(claims.Allows(TokenActions.Read | TokenActions.Write, "a/+"));
    }
}
