namespace TokenService.Ledger;

/// <summary>
/// An operation's own row, written in the call's transaction. With <see cref="KeepExisting"/>,
/// a row already stored under the same key wins and this write is dropped (a second revocation
/// keeps the first one's time and author). <see cref="ExpiresAt"/> adds an expiry index row.
/// </summary>
public sealed record LedgerWrite(LedgerEntity Entity, bool KeepExisting, DateTimeOffset? ExpiresAt);
