namespace TokenService.Ledger;

/// <summary>
/// An operation's own row, written in the call's transaction. With <see cref="KeepExisting"/>,
/// a row already stored under the same key wins and this write is dropped (a second revocation
/// keeps the first one's time and author). <see cref="ExpiresAt"/> adds an expiry index row.
/// </summary>
public sealed record LedgerWrite(LedgerEntity Entity, bool KeepExisting, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// Set on a settle row (<see cref="LedgerKeys.Settle"/>) written instead of a
    /// <see cref="KeepExisting"/> write whose row existed: the call relies on the existing row,
    /// so a withdrawal of the call that created it must leave it. Names the write it stands for.
    /// </summary>
    public LedgerWrite? StandsFor { get; init; }

    /// <summary>The key of this write's expiry index row, if it has one.</summary>
    public string? IndexKey => ExpiresAt is { } expires ? LedgerKeys.Expiry(expires, Entity.RowKey) : null;
}
