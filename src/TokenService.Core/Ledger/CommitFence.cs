using Azure;
using Azure.Data.Tables;
using TokenService.Storage;

namespace TokenService.Ledger;

/// <summary>
/// Settles a call that was answered with an error while one of its transactions might still land
/// (the call budget ran out, or the storage client gave up, with a commit already sent). Every
/// transaction of a call adds the same nonce row with the call's RequestId, insert-if-absent, so
/// the nonce row decides:
/// <list type="bullet">
/// <item>inserting a fence row there (the nonce row, <see cref="LedgerEntity.Aborted"/>) succeeds:
/// nothing landed, and from now on nothing can (its add of the nonce row would conflict);</item>
/// <item>the row is the call's own commit: it landed after the answer and is withdrawn in one
/// transaction: the usage slot and the records the call created are deleted, the nonce row
/// becomes the fence (the nonce stays used: a replay is still <c>SignatureNonceUsed</c>).</item>
/// </list>
/// A record kept with <see cref="LedgerWrite.KeepExisting"/> (a revocation) that a later call
/// relied on (it found the record and wrote no own one) is not deleted: both sides insert the
/// settle row <see cref="LedgerKeys.Settle"/> of the record's call, and the first one wins.
/// Idempotent: run it again and it finds the fence. Throws when the store does not answer;
/// <see cref="CommitFences"/> retries it.
/// </summary>
internal sealed class CommitFence(TableSet tables, TimeProvider clock)
{
    private const int MaxLooks = 4;

    public async Task<FenceOutcome> SettleAsync(UnsettledCommit commit, CancellationToken cancellationToken)
    {
        for (var look = 0; look < MaxLooks; look++)
        {
            if (await TryInsertFenceAsync(commit, cancellationToken))
            {
                return FenceOutcome.Fenced;
            }

            var nonce = await tables.Ledger.FindAsync<LedgerEntity>(commit.AccountId, commit.NonceKey, cancellationToken: cancellationToken);
            if (nonce is null)
            {
                // Deleted since the conflict (an expired nonce reused): try the fence again.
                continue;
            }

            if (nonce.RequestId == commit.RequestId)
            {
                if (nonce.Aborted == true)
                {
                    return FenceOutcome.AlreadySettled;
                }

                await WithdrawAsync(commit, nonce, cancellationToken);
                return FenceOutcome.Withdrawn;
            }

            if (nonce.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            {
                // Another call's nonce past its lifetime and not purged yet: once the purge removed it,
                // this call's transaction could still land. Take its place.
                await DeleteIfUnchangedAsync(commit.AccountId, nonce, cancellationToken);
                continue;
            }

            return FenceOutcome.NonceOfAnotherCall;
        }

        throw new InvalidOperationException("The nonce row kept changing while the commit was settled.");
    }

    private async Task<bool> TryInsertFenceAsync(UnsettledCommit commit, CancellationToken cancellationToken)
    {
        var expires = clock.GetUtcNow() + CallLedger.NonceLifetime;
        var fence = Fence(commit, expires);
        try
        {
            await tables.Ledger.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, fence.ToRow()),
                IndexRow(commit.AccountId, LedgerKeys.Expiry(expires, commit.NonceKey)),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    /// <summary>
    /// Undoes a commit that landed: one transaction in the account's partition, so it is undone whole.
    /// Rows are deleted under the ETags just read; a row changed since then fails the transaction
    /// and the next try reads again.
    /// </summary>
    private async Task WithdrawAsync(UnsettledCommit commit, LedgerEntity nonce, CancellationToken cancellationToken)
    {
        var undo = new List<TableTransactionAction>();
        foreach (var slotKey in commit.SlotKeys.Distinct())
        {
            if (await OwnRowAsync(commit, slotKey, cancellationToken) is { } slot)
            {
                undo.Add(Delete(commit.AccountId, slotKey, slot.ETag));
            }
        }

        var records = new List<TableTransactionAction>();
        DateTimeOffset? keptUntil = null;
        foreach (var write in commit.Writes.DistinctBy(w => w.Entity.RowKey))
        {
            if (await OwnRowAsync(commit, write.Entity.RowKey, cancellationToken) is not { } row)
            {
                continue;
            }

            var target = write.KeepExisting ? records : undo;
            target.Add(Delete(commit.AccountId, row.RowKey, row.ETag));
            if (write.IndexKey is { } indexKey && await tables.Ledger.FindAsync<LedgerEntity>(commit.AccountId, indexKey, select: ["RowKey"], cancellationToken: cancellationToken) is { } index)
            {
                target.Add(Delete(commit.AccountId, indexKey, index.ETag));
            }

            if (write.KeepExisting)
            {
                keptUntil = Later(keptUntil, row.ExpiresAt ?? nonce.ExpiresAt);
            }
        }

        // The nonce row becomes the fence, under its ETag, with its own ExpiresAt: its index row stays valid.
        var fence = Fence(commit, nonce.ExpiresAt);
        undo.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, fence.ToRow(), nonce.ETag));
        if (records.Count > 0)
        {
            var settleKey = LedgerKeys.Settle(commit.RequestId);
            var settle = new LedgerEntity { PartitionKey = commit.AccountId, RowKey = settleKey, RequestId = commit.RequestId, Aborted = true, ExpiresAt = keptUntil };
            var guardIndex = undo.Count;
            records.Insert(0, new TableTransactionAction(TableTransactionActionType.Add, settle.ToRow()));
            if (keptUntil is { } until)
            {
                records.Add(IndexRow(commit.AccountId, LedgerKeys.Expiry(until, settleKey)));
            }

            try
            {
                await tables.Ledger.SubmitTransactionAsync([.. undo, .. records], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == guardIndex)
            {
                // A later call relied on the record (it wrote the settle row first): the record
                // stays, as that call's answer says. The slot and the nonce are still withdrawn.
            }
        }

        await tables.Ledger.SubmitTransactionAsync(undo, cancellationToken);
    }

    private async Task<LedgerEntity?> OwnRowAsync(UnsettledCommit commit, string rowKey, CancellationToken cancellationToken)
    {
        var row = await tables.Ledger.FindAsync<LedgerEntity>(commit.AccountId, rowKey, select: ["RequestId", "ExpiresAt"], cancellationToken: cancellationToken);
        if (row is null || row.RequestId != commit.RequestId)
        {
            return null;
        }

        // Rows read with a $select come back without their keys.
        row.PartitionKey = commit.AccountId;
        row.RowKey = rowKey;
        return row;
    }

    private async Task DeleteIfUnchangedAsync(string accountId, LedgerEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Ledger.DeleteEntityAsync(accountId, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone or replaced meanwhile: the next look finds out which.
        }
    }

    private static LedgerEntity Fence(UnsettledCommit commit, DateTimeOffset? expires) => new()
    {
        PartitionKey = commit.AccountId,
        RowKey = commit.NonceKey,
        RequestId = commit.RequestId,
        Aborted = true,
        ExpiresAt = expires,
    };

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>An index row carries nothing but its key: an upsert is safe whatever is there.</summary>
    private static TableTransactionAction IndexRow(string accountId, string rowKey) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(accountId, rowKey));

    private static TableTransactionAction Delete(string accountId, string rowKey, ETag etag) =>
        new(TableTransactionActionType.Delete, new TableEntity(accountId, rowKey), etag);
}
