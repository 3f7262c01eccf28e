using TokenService.Operations;
using TokenService.Tokens;

namespace TokenService.Tests.Tokens;

public class TokenActionsParserTests
{
    [Theory]
    [InlineData("R", TokenActions.Read)]
    [InlineData("W", TokenActions.Write)]
    [InlineData("R,W", TokenActions.Read | TokenActions.Write)]
    [InlineData("W,R", TokenActions.Read | TokenActions.Write)]
    public void AcceptsTheDocumentedSpellings(string text, TokenActions expected)
    {
        Assert.True(TokenActionsParser.TryParse(text, out var actions));
        Assert.Equal(expected, actions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("r")]
    [InlineData("RW")]
    [InlineData("R,R")]
    [InlineData("R, W")]
    [InlineData("R,W,")]
    [InlineData(" R")]
    [InlineData("X")]
    [InlineData("R,W,R")]
    public void RejectsEverythingElse(string? text)
    {
        Assert.False(TokenActionsParser.TryParse(text, out var actions));
        Assert.Equal(TokenActions.None, actions);
    }

    [Fact]
    public void FormatsCanonically()
    {
        Assert.Equal("R", TokenActionsParser.Format(TokenActions.Read));
        Assert.Equal("W", TokenActionsParser.Format(TokenActions.Write));
        Assert.Equal("R,W", TokenActionsParser.Format(TokenActions.Read | TokenActions.Write));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenActionsParser.Format(TokenActions.None));
    }
}
