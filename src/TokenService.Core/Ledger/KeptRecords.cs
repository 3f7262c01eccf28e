using Azure.Data.Tables;
using TokenService.Storage;

namespace TokenService.Ledger;

/// <summary>
/// What a call writes when a record it would write exists already (<see cref="LedgerWrite.KeepExisting"/>):
/// the first record stays, and the call relies on it through the record's settle row.
/// </summary>
internal static class KeptRecords
{
    /// <summary>
    /// A write whose row exists. A kept record (a revocation made before) is relied on instead of
    /// written: the call adds the settle row of the call that created it, so that record can no
    /// longer be withdrawn (<see cref="CommitFence"/>). A settle row that exists tells whether
    /// that call was withdrawn first (then the record is gone: write it after all) or another call
    /// relies on the record already (nothing to add).
    /// </summary>
    public static async Task<IReadOnlyList<LedgerWrite>> InsteadOfExistingAsync(TableClient ledger, CallRecord call, LedgerWrite write, CancellationToken cancellationToken)
    {
        var existing = await ledger.FindAsync<LedgerEntity>(call.AccountId, write.Entity.RowKey, select: ["RequestId", "ExpiresAt", "Aborted"], cancellationToken: cancellationToken);
        if (write.StandsFor is { } originals)
        {
            return existing is { Aborted: true } ? originals : [];
        }

        if (existing is not { RequestId: { } creator } || creator == call.RequestId)
        {
            return [];
        }

        var settle = new LedgerEntity { RowKey = LedgerKeys.Settle(creator), RequestId = call.RequestId, ExpiresAt = existing.ExpiresAt };
        return [new LedgerWrite(settle, KeepExisting: false, existing.ExpiresAt) { StandsFor = [write] }];
    }

    /// <summary>
    /// Adds a write to the call's pending ones. A settle row already pending for the same creator
    /// (another kept row of that call) is one row: it stands for both writes, as a transaction may
    /// hold each row once.
    /// </summary>
    public static void AddTo(List<LedgerWrite> pending, LedgerWrite write)
    {
        var same = pending.FindIndex(w => w.Entity.RowKey == write.Entity.RowKey);
        if (same < 0)
        {
            pending.Add(write);
        }
        else if (pending[same].StandsFor is { } already && write.StandsFor is { } more)
        {
            pending[same] = pending[same] with { StandsFor = [.. already, .. more] };
        }
    }
}
