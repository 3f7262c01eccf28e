using TokenService.Ledger;
using TokenService.Tokens;

namespace TokenService.Tests.Ledger;

public class LedgerKeysTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly string NonceKey = LedgerKeys.Nonce("AKID", "nonce-1");
    private static readonly string RevocationKey = LedgerKeys.Revocation("mqtt-cn-1", TokenHash.Of("token"));

    [Fact]
    public void UsageKeysSortByTimeAcrossDigitCountsAndThenBySlot()
    {
        var seconds = new long[] { 9, 10, 999_999_999, 1_000_000_000, Noon.ToUnixTimeSeconds(), Noon.ToUnixTimeSeconds() + 1 };
        int[] slots = [0, 9, 10, 99_999];
        var keys = seconds.SelectMany(s => slots.Select(slot => LedgerKeys.Usage(s, "RevokeToken", slot))).ToList();

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0L, "ApplyToken", 0)]
    [InlineData(1_795_465_212L, "RevokeToken", 4)]
    [InlineData(9_999_999_999L, "QueryToken", RateLimitOptions.MaxLimit - 1)]
    public void UsageKeysParseBackToSecondActionAndSlot(long second, string action, int slot)
    {
        Assert.Equal((second, action, slot), LedgerKeys.ParseUsage(LedgerKeys.Usage(second, action, slot)));
    }

    [Fact]
    public void ASecondsRangeHoldsExactlyThatSecondsSlotsOfThatAction()
    {
        var second = Noon.ToUnixTimeSeconds();
        var from = LedgerKeys.UsageSecondStart(second, "QueryToken");
        var to = LedgerKeys.UsageSecondEnd(second, "QueryToken");
        bool Inside(string key) => string.CompareOrdinal(key, from) >= 0 && string.CompareOrdinal(key, to) < 0;

        Assert.True(Inside(LedgerKeys.Usage(second, "QueryToken", 0)));
        Assert.True(Inside(LedgerKeys.Usage(second, "QueryToken", RateLimitOptions.MaxLimit)));
        Assert.False(Inside(LedgerKeys.Usage(second - 1, "QueryToken", RateLimitOptions.MaxLimit)));
        Assert.False(Inside(LedgerKeys.Usage(second + 1, "QueryToken", 0)));
        Assert.False(Inside(LedgerKeys.Usage(second, "ApplyToken", 0)));
        Assert.False(Inside(LedgerKeys.Usage(second, "RevokeToken", 0)));
    }

    [Fact]
    public void UsageFromBoundsAReportToWholeSecondsFromInclusiveToExclusive()
    {
        var from = Noon.ToUnixTimeSeconds();
        var to = from + 60;
        bool Inside(string key) =>
            string.CompareOrdinal(key, LedgerKeys.UsageFrom(from)) >= 0 && string.CompareOrdinal(key, LedgerKeys.UsageFrom(to)) < 0;

        Assert.True(Inside(LedgerKeys.Usage(from, "ApplyToken", 0)));
        Assert.True(Inside(LedgerKeys.Usage(to - 1, "RevokeToken", 999_999)));
        Assert.False(Inside(LedgerKeys.Usage(from - 1, "RevokeToken", 999_999)));
        Assert.False(Inside(LedgerKeys.Usage(to, "ApplyToken", 0)));
    }

    [Fact]
    public void ExpiryKeysSortByExpiryWhateverTheTarget()
    {
        var keys = new[]
        {
            LedgerKeys.Expiry(Noon.AddDays(-30), RevocationKey),
            LedgerKeys.Expiry(Noon.AddSeconds(-1), RevocationKey),
            LedgerKeys.Expiry(Noon, RevocationKey),
            LedgerKeys.Expiry(Noon.AddSeconds(1), NonceKey),
            LedgerKeys.Expiry(Noon.AddMinutes(31), NonceKey),
            LedgerKeys.Expiry(Noon.AddDays(30), NonceKey),
        };

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(-31 * 60_000)]
    [InlineData(-1_000)]
    [InlineData(-1)]
    [InlineData(0)]
    public void ExpiryUpToIncludesEveryEntryExpiredByNow(int millisecondsFromNow)
    {
        var now = Noon.AddMilliseconds(400);
        var expires = now.AddMilliseconds(millisecondsFromNow);

        Assert.True(string.CompareOrdinal(LedgerKeys.Expiry(expires, NonceKey), LedgerKeys.ExpiryUpTo(now)) < 0);
        Assert.True(string.CompareOrdinal(LedgerKeys.Expiry(expires, RevocationKey), LedgerKeys.ExpiryUpTo(now)) < 0);
        Assert.True(string.CompareOrdinal(LedgerKeys.Expiry(expires, RevocationKey), LedgerKeys.ExpiryPrefix) > 0);
    }

    [Theory]
    [InlineData(600L)]
    [InlineData(1_000L)]
    [InlineData(30 * 24 * 3_600_000L)]
    public void ExpiryUpToExcludesEntriesOfLaterSeconds(long millisecondsFromNow)
    {
        var now = Noon.AddMilliseconds(400);
        var expires = now.AddMilliseconds(millisecondsFromNow);

        Assert.True(string.CompareOrdinal(LedgerKeys.Expiry(expires, NonceKey), LedgerKeys.ExpiryUpTo(now)) > 0);
        Assert.True(string.CompareOrdinal(LedgerKeys.Expiry(expires, RevocationKey), LedgerKeys.ExpiryUpTo(now)) > 0);
    }

    [Fact]
    public void AnEntryExpiringLaterInTheSameSecondIsInsideTheBoundSoThePurgerMustCheckItsTarget()
    {
        // The index has whole seconds: 12:00:00.900 files under 12:00:00, which a purge at
        // 12:00:00.400 reads. ExpiryPurger re-checks the target's own ExpiresAt (ExpiryPurgerTests).
        var now = Noon.AddMilliseconds(400);

        Assert.True(string.CompareOrdinal(LedgerKeys.Expiry(Noon.AddMilliseconds(900), NonceKey), LedgerKeys.ExpiryUpTo(now)) < 0);
    }

    [Fact]
    public void ExpiryTargetGivesBackTheIndexedRowKey()
    {
        Assert.Equal(NonceKey, LedgerKeys.ExpiryTarget(LedgerKeys.Expiry(Noon, NonceKey)));
        Assert.Equal(RevocationKey, LedgerKeys.ExpiryTarget(LedgerKeys.Expiry(Noon.AddDays(30), RevocationKey)));
        Assert.StartsWith(LedgerKeys.ExpiryPrefix, LedgerKeys.Expiry(Noon, NonceKey), StringComparison.Ordinal);
    }

    [Fact]
    public void NoncesAreScopedPerAccessKeyAndAnyValueMakesALegalRowKey()
    {
        Assert.NotEqual(LedgerKeys.Nonce("AKID-1", "n"), LedgerKeys.Nonce("AKID-2", "n"));
        Assert.Matches("^n\\|[0-9a-f]{64}$", LedgerKeys.Nonce("AKID", "/\\#?\u0001 nonce"));
    }
}
