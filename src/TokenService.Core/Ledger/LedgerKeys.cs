using System.Globalization;
using TokenService.Storage;

namespace TokenService.Ledger;

/// <summary>
/// Row keys of the Ledger table. Everything lives in the partition of the account that owns the
/// call, so one call's writes form one entity-group transaction (one round trip). Per-account
/// rate limits (at most a few hundred calls per second) keep each partition far below Table
/// Storage's ~2,000 entities/s per partition. Expiry times are in the keys so that purging is a
/// range query, never a scan.
/// <code>
/// u|&lt;unix second:D10&gt;|&lt;Action&gt;|&lt;slot:D6&gt;   usage slot: one per admitted call (rate limit + meter)
/// n|&lt;sha256(akid, nonce)&gt;                     a used SignatureNonce
/// r|&lt;instance&gt;|&lt;sha256(token)&gt;             a revocation record
/// d|&lt;instance&gt;|&lt;sha256(token)&gt;             a revocation whose connections are still to be closed
/// s|&lt;RequestId&gt;                              who settled a call's records: withdrawn, or relied on by a later call
/// x|&lt;expires unix:D10&gt;|&lt;row key&gt;            expiry index entry for an n|, r|, d| or s| row
/// </code>
/// </summary>
internal static class LedgerKeys
{
    public const string UsagePrefix = "u|";
    public const string NoncePrefix = "n|";
    public const string RevocationPrefix = "r|";
    public const string DisconnectPrefix = "d|";
    public const string SettlePrefix = "s|";
    public const string ExpiryPrefix = "x|";

    public static string Usage(long unixSecond, string action, int slot) =>
        string.Create(CultureInfo.InvariantCulture, $"{UsagePrefix}{unixSecond:D10}|{action}|{slot:D6}");

    /// <summary>The first row key of a second's slots for an action; every slot sorts between this and <see cref="UsageSecondEnd"/>.</summary>
    public static string UsageSecondStart(long unixSecond, string action) =>
        string.Create(CultureInfo.InvariantCulture, $"{UsagePrefix}{unixSecond:D10}|{action}|");

    public static string UsageSecondEnd(long unixSecond, string action) => UsageSecondStart(unixSecond, action) + "~";

    public static string UsageFrom(long unixSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"{UsagePrefix}{unixSecond:D10}");

    /// <summary>Parses a usage row key back into its second, action and slot.</summary>
    public static (long Second, string Action, int Slot) ParseUsage(string rowKey)
    {
        var parts = rowKey.Split('|');
        return (long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Nonces are client-chosen strings: hashed with the AccessKeyId so that any value is a
    /// legal row key and nonces are scoped per key (docs/contract.md §3.4).
    /// </summary>
    public static string Nonce(string accessKeyId, string nonce) =>
        NoncePrefix + KeyHash.Of(accessKeyId + "\n" + nonce);

    public static string Revocation(string instanceId, string tokenHash) =>
        $"{RevocationPrefix}{instanceId}|{tokenHash}";

    public static string Disconnect(string instanceId, string tokenHash) =>
        $"{DisconnectPrefix}{instanceId}|{tokenHash}";

    /// <summary>The instance and token hash of a <see cref="Disconnect"/> row key (the hash never holds a '|').</summary>
    public static (string InstanceId, string TokenHash) ParseDisconnect(string rowKey)
    {
        var last = rowKey.LastIndexOf('|');
        return (rowKey[DisconnectPrefix.Length..last], rowKey[(last + 1)..]);
    }

    /// <summary>
    /// The row that decides the fate of the records a call created when that call's commit was
    /// withdrawn (see <see cref="CommitFence"/>) or a later call relied on them: whichever is
    /// inserted first wins.
    /// </summary>
    public static string Settle(string requestId) => SettlePrefix + requestId;

    public static string Expiry(DateTimeOffset expires, string targetRowKey) =>
        string.Create(CultureInfo.InvariantCulture, $"{ExpiryPrefix}{expires.ToUnixTimeSeconds():D10}|{targetRowKey}");

    /// <summary>Every expiry index row whose time is at or before <paramref name="now"/> sorts below this key.</summary>
    public static string ExpiryUpTo(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{ExpiryPrefix}{now.ToUnixTimeSeconds():D10}|~");

    /// <summary>The row an expiry index entry points to.</summary>
    public static string ExpiryTarget(string expiryRowKey) => expiryRowKey[(ExpiryPrefix.Length + 11)..];
}
