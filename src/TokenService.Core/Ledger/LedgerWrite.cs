namespace TokenService.Ledger;

/// <summary>
/// An operation's own row, written in the call's transaction. With <see cref="KeepExisting"/>,
/// a row already stored under the same key wins and this write is dropped (a second revocation
/// keeps the first one's time and author). <see cref="ExpiresAt"/> adds an expiry index row.
/// </summary>
internal sealed record LedgerWrite(LedgerEntity Entity, bool KeepExisting, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// Set on a settle row (<see cref="LedgerKeys.Settle"/>) written instead of
    /// <see cref="KeepExisting"/> writes whose rows existed: the call relies on the existing rows,
    /// so a withdrawal of the call that created them must leave them. Names the writes it stands
    /// for: every kept row of one creator (a revocation record and its disconnect intent) shares
    /// that creator's one settle row.
    /// </summary>
    public IReadOnlyList<LedgerWrite>? StandsFor { get; init; }

    /// <summary>The key of this write's expiry index row, if it has one.</summary>
    public string? IndexKey => ExpiresAt is { } expires ? LedgerKeys.Expiry(expires, Entity.RowKey) : null;
}
