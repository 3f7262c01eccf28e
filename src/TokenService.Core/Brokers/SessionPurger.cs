using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TokenService.Storage;

namespace TokenService.Brokers;

/// <summary>
/// Deletes expired sessions and their token index rows, found by range queries over the 16
/// expiry buckets (never a scan). A row is deleted only when its own ExpiresAt has passed: a
/// client that reconnected with a later token has rewritten its rows, and a newer expiry entry
/// points at them. Run by <c>tokenctl purge</c> and the PurgeExpired timer, after the ledger purge.
/// With RabbitMQ's management API configured, an expired RabbitMQ session stays until the expiry
/// sweep has closed its connection (RabbitMQ does not end it by itself, and the sweep finds it only
/// through these rows), or until the sweep no longer looks back that far.
/// </summary>
public sealed class SessionPurger(TableSet tables, IOptions<BrokerOptions> brokers, TimeProvider clock)
{
    /// <summary>The number of sessions removed.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var removed = 0;
        var closing = brokers.Value.RabbitMq.CanCloseConnections;
        // Past this the expiry sweep no longer closes the connection, so its rows need not wait.
        var stillLookedFor = SessionKeys.ExpiryFrom(now - TimeSpan.FromHours(brokers.Value.RabbitMq.CloseExpiredWithinHours));
        foreach (var bucket in SessionKeys.ExpiryBuckets)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {bucket} and RowKey lt {SessionKeys.ExpiryUpTo(now)}");
            await foreach (var entry in tables.Sessions.QueryAsync<SessionEntity>(filter, cancellationToken: cancellationToken))
            {
                if (closing && entry.Broker == BrokerNames.RabbitMq && entry.Closed != true
                    && string.CompareOrdinal(entry.RowKey, stillLookedFor) >= 0)
                {
                    // Its connection may still be open: left for the expiry sweep, purged once it is marked.
                    continue;
                }

                var sessionId = SessionKeys.ExpirySessionId(entry.RowKey);
                if (await DeleteIfExpiredAsync(SessionKeys.Session(sessionId), "", now, cancellationToken))
                {
                    removed++;
                }

                foreach (var hash in (entry.TokenHashes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    await DeleteIfExpiredAsync(SessionKeys.Token(hash), sessionId, now, cancellationToken);
                }

                await DeleteAsync(entry.PartitionKey, entry.RowKey, ETag.All, cancellationToken);
            }
        }

        return removed;
    }

    private async Task<bool> DeleteIfExpiredAsync(string partitionKey, string rowKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await tables.Sessions.FindAsync<SessionEntity>(partitionKey, rowKey, ["ExpiresAt"], cancellationToken);
        return row is { ExpiresAt: { } expires } && expires <= now && await DeleteAsync(partitionKey, rowKey, row.ETag, cancellationToken);
    }

    // Under the ETag read: a row a reconnect rewrote meanwhile is left alone.
    private async Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Sessions.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }
}
