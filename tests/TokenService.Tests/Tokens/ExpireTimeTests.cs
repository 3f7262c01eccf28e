using System.Globalization;
using TokenService.Operations;

namespace TokenService.Tests.Tokens;

public sealed class ExpireTimeTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Milliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void SixtySecondsAheadIsTheEarliestAccepted()
    {
        Assert.Null(ExpireTime.Parse(Milliseconds(Now.AddSeconds(60)), Now, out var expires));
        Assert.Equal(Now.AddSeconds(60), expires);
        Assert.Equal("InvalidParameter.ExpireTime", ExpireTime.Parse(Milliseconds(Now.AddSeconds(60).AddMilliseconds(-1)), Now, out _)?.Code);
    }

    [Fact]
    public void ThirtyDaysIsKeptAndAnythingLaterIsCutToIt()
    {
        Assert.Null(ExpireTime.Parse(Milliseconds(Now.AddDays(30)), Now, out var exactly));
        Assert.Null(ExpireTime.Parse(Milliseconds(Now.AddDays(30).AddMilliseconds(1)), Now, out var justOver));
        Assert.Null(ExpireTime.Parse(Milliseconds(DateTimeOffset.MaxValue), Now, out var farFuture));

        Assert.Equal(Now.AddDays(30), exactly);
        Assert.Equal(Now.AddDays(30), justOver);
        Assert.Equal(Now.AddDays(30), farFuture);
    }

    [Theory]
    [InlineData("in 10 s")]
    [InlineData("in 1 h, in seconds")]
    [InlineData("now")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1750000000000")]
    [InlineData(" 1750000000000")]
    [InlineData("1.75e12")]
    [InlineData("0x1")]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800000")]
    [InlineData("")]
    [InlineData(null)]
    public void EverythingElseIsInvalidParameterExpireTime(string? value)
    {
        var text = value switch
        {
            "in 10 s" => Milliseconds(Now.AddSeconds(10)),
            "in 1 h, in seconds" => Now.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "now" => Milliseconds(Now),
            _ => value,
        };

        Assert.Equal("InvalidParameter.ExpireTime", ExpireTime.Parse(text, Now, out _)?.Code);
    }
}
