using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TokenService.Accounts;
using TokenService.Ledger;
using TokenService.Storage;

namespace TokenService.Disconnects;

/// <summary>
/// The durable half of disconnects: finds, account by account (one range read of the <c>d|</c>
/// rows each), the revocations whose connections are still to be closed and that the committing
/// process has not finished within <see cref="DisconnectOptions.TakeOverSeconds"/> (it died, or the
/// broker was down), and hands them to this process's <see cref="DisconnectDispatcher"/>; then closes
/// the connections of expired tokens. Run by the standalone server's loop and the function app's
/// timer. Does nothing when no broker API is configured.
/// </summary>
public sealed class DisconnectSweeper(
    TableSet tables,
    DisconnectDispatcher queue,
    ExpiryDisconnector expiry,
    ConnectionClosers closers,
    IOptions<DisconnectOptions> options,
    TimeProvider clock)
{
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        if (!closers.AnyConfigured)
        {
            return new SweepReport(0, 0);
        }

        var takeOverBefore = clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.TakeOverSeconds);
        var taken = 0;
        try
        {
            await foreach (var account in tables.Accounts.QueryAsync<AccountEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
            {
                var filter = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {account.AccountId} and RowKey ge {LedgerKeys.DisconnectPrefix} and RowKey lt {LedgerKeys.DisconnectPrefix + "~"}");
                await foreach (var row in tables.Ledger.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
                {
                    if (DisconnectIntent.FromRow(row) is { } intent && intent.RevokedAt <= takeOverBefore && queue.Enqueue(intent))
                    {
                        taken++;
                    }
                }
            }
        }
        catch (RequestFailedException e) when (TableSet.IsTableMissing(e))
        {
            // A store without tables has nothing pending.
        }

        return new SweepReport(taken, await expiry.CloseExpiredAsync(cancellationToken));
    }
}

/// <summary>What one sweep did: pending revocations taken over, connections of expired tokens closed.</summary>
public sealed record SweepReport(int RevocationsTakenOver, int ExpiredClosed);
