using TokenService.Ledger;

namespace TokenService.Tests.Ledger;

/// <summary>The call the ledger tests commit: a RevokeToken at noon, and its nonce row's key.</summary>
internal static class LedgerSamples
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    public static readonly CallRecord Call = new("acct-1", "RevokeToken", "mqtt-cn-1", "REQUEST-1", "AKID-1", "nonce-1", "10.0.0.7");
    public static readonly string NonceKey = LedgerKeys.Nonce(Call.AccessKeyId, Call.Nonce);
}
