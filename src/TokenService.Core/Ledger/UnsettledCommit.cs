namespace TokenService.Ledger;

/// <summary>
/// A call whose commit failed after a transaction was sent: the store may still apply one of them
/// (at most one, since all of them add the same nonce row). Names every row those transactions
/// could have added, so that <see cref="CommitFence"/> can fence them off or withdraw them.
/// </summary>
internal sealed record UnsettledCommit(
    string AccountId,
    string RequestId,
    string NonceKey,
    IReadOnlyCollection<string> SlotKeys,
    IReadOnlyCollection<LedgerWrite> Writes);
