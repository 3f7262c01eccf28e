using Azure;
using Azure.Data.Tables;
using TokenService.Accounts;
using TokenService.Storage;
using TokenService.Telemetry;

namespace TokenService.Ledger;

/// <summary>
/// Deletes nonces and revocation records whose retention has passed. Expiry times are in the
/// expiry index's row keys (<c>x|&lt;unix&gt;|&lt;target&gt;</c>), so each account costs one
/// range query over exactly the expired entries, never a scan. A target is deleted only if its
/// own ExpiresAt has passed too (a nonce reused after its 31 minutes has a newer row and a newer
/// index entry). Deletes go in entity-group transactions of up to 100 operations.
/// Takes no input and removes only what has expired by the server's clock, so running it more
/// often than scheduled (by anyone) costs work, never data.
/// </summary>
public sealed class ExpiryPurger(TableSet tables, TimeProvider clock)
{
    private const int TransactionLimit = 100;

    public async Task<PurgeReport> PurgeAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        int accounts = 0, nonces = 0, revocations = 0, index = 0;
        await foreach (var account in tables.Accounts.QueryAsync<AccountEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            accounts++;
            var (n, r, x) = await PurgeAccountAsync(account.AccountId, now, cancellationToken);
            nonces += n;
            revocations += r;
            index += x;
            if (n + r + x > 0)
            {
                progress?.Report($"{account.AccountId}: {n} nonces, {r} revocations removed");
            }
        }

        var report = new PurgeReport(accounts, nonces, revocations, index);
        PurgeMetrics.Record(report.Nonces, report.Revocations, report.IndexEntries);
        return report;
    }

    private async Task<(int Nonces, int Revocations, int Index)> PurgeAccountAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {accountId} and RowKey ge {LedgerKeys.ExpiryPrefix} and RowKey lt {LedgerKeys.ExpiryUpTo(now)}");
        int nonces = 0, revocations = 0, index = 0;
        var batch = new List<TableTransactionAction>(TransactionLimit);
        await foreach (var entry in tables.Ledger.QueryAsync<LedgerEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var targetKey = LedgerKeys.ExpiryTarget(entry.RowKey);
            var target = await tables.Ledger.GetEntityIfExistsAsync<LedgerEntity>(accountId, targetKey, select: ["ExpiresAt"], cancellationToken: cancellationToken);
            if (target.HasValue && target.Value is { ExpiresAt: { } later } && later > now && LedgerKeys.Expiry(later, targetKey) == entry.RowKey)
            {
                // The index has whole seconds: this target expires later in the second the purge
                // runs in. Its entry stays for the next purge; dropped now, the row would never be
                // found again.
                continue;
            }

            if (target.HasValue && target.Value is { ExpiresAt: { } expires } live && expires <= now)
            {
                // Under its ETag: a row replaced since the read is left alone (Azure honours If-Match in
                // transactions; Azurite does not, see README).
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, Key(accountId, targetKey), live.ETag));
                if (targetKey.StartsWith(LedgerKeys.NoncePrefix, StringComparison.Ordinal))
                {
                    nonces++;
                }
                else if (targetKey.StartsWith(LedgerKeys.RevocationPrefix, StringComparison.Ordinal))
                {
                    revocations++;
                }
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, Key(accountId, entry.RowKey), ETag.All));
            index++;
            if (batch.Count >= TransactionLimit - 1)
            {
                await SubmitAsync(batch, cancellationToken);
            }
        }

        await SubmitAsync(batch, cancellationToken);
        return (nonces, revocations, index);
    }

    /// <summary>
    /// The row to delete, named by its keys: rows read with a $select that leaves the keys out
    /// come back with an empty PartitionKey and RowKey, and a delete of those removes nothing.
    /// </summary>
    private static TableEntity Key(string accountId, string rowKey) => new(accountId, rowKey);

    private async Task SubmitAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await tables.Ledger.SubmitTransactionAsync(batch, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // A concurrent purge (another instance, or tokenctl) got there first, or a row changed:
            // fall back to one delete at a time so the rest still goes.
            foreach (var action in batch)
            {
                try
                {
                    await tables.Ledger.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, action.ETag, cancellationToken);
                }
                catch (RequestFailedException inner) when (inner.Status is 404 or 412)
                {
                    // Gone already, or replaced by a live row: either way nothing to do.
                }
            }
        }

        batch.Clear();
    }
}
