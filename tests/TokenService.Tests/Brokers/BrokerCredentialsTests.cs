using TokenService.Brokers;
using TokenService.Tokens;

namespace TokenService.Tests.Brokers;

public class BrokerCredentialsTests
{
    [Fact]
    public void TokenUsernameAndTypedPairsParse()
    {
        var credentials = BrokerCredentials.Parse("Token|LTAI5tKey|mqtt-cn-01", "R|t1|W|t2|RW|t3", out var reason);

        Assert.NotNull(credentials);
        Assert.Equal("", reason);
        Assert.Equal("LTAI5tKey", credentials.AccessKeyId);
        Assert.Equal("mqtt-cn-01", credentials.InstanceId);
        Assert.Equal(
            [new PresentedToken(TokenActions.Read, "t1"), new PresentedToken(TokenActions.Write, "t2"), new PresentedToken(TokenActions.Read | TokenActions.Write, "t3")],
            credentials.Tokens);
        Assert.Equal("Token|LTAI5tKey|mqtt-cn-01", credentials.Username);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("LTAI5tKey|mqtt-cn-01")]
    [InlineData("token|LTAI5tKey|mqtt-cn-01")]
    [InlineData("Token|LTAI5tKey|mqtt-cn-01|extra")]
    [InlineData("Token||mqtt-cn-01")]
    [InlineData("Token|LTAI5tKey|")]
    [InlineData("Token|LTAI/5tKey|mqtt-cn-01")]
    [InlineData("Token|LTAI5tKey|mqtt cn 01")]
    public void MalformedUsernamesAreRefusedWithAReason(string? username)
    {
        Assert.Null(BrokerCredentials.Parse(username, "RW|t", out var reason));
        Assert.Contains("username", reason);
        Assert.False(BrokerCredentials.IsTokenUsername(username));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t1")]
    [InlineData("RW|t1|R")]
    [InlineData("X|t1")]
    [InlineData("rw|t1")]
    [InlineData("R|")]
    [InlineData("R||W|t2")]
    [InlineData("|t1")]
    public void MalformedPasswordsAreRefusedWithoutEchoingThem(string? password)
    {
        Assert.Null(BrokerCredentials.Parse("Token|LTAI5tKey|mqtt-cn-01", password, out var reason));
        Assert.NotEqual("", reason);
        Assert.DoesNotContain("t1", reason);
    }

    [Fact]
    public void MoreThanFourTokensAreRefused()
    {
        var five = string.Join('|', Enumerable.Repeat("R|token", BrokerCredentials.MaxTokens + 1));
        var four = string.Join('|', Enumerable.Repeat("R|token", BrokerCredentials.MaxTokens));

        Assert.Null(BrokerCredentials.Parse("Token|k|i", five, out _));
        Assert.NotNull(BrokerCredentials.Parse("Token|k|i", four, out _));
    }

    [Fact]
    public void APasswordLongerThanFourMaximalTokensIsRefusedBeforeItIsSplit()
    {
        var tooLong = "RW|" + new string('A', BrokerCredentials.MaxPasswordLength);

        Assert.Null(BrokerCredentials.Parse("Token|k|i", tooLong, out var reason));
        Assert.Contains("longer", reason);
    }
}
