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
/// <remarks>Its constructor is internal, so its collaborators stay internal; the container builds it in <see cref="DisconnectsServiceCollectionExtensions.AddDisconnects"/>.</remarks>
public sealed class DisconnectSweeper
{
    private readonly TableSet _tables;
    private readonly DisconnectDispatcher _queue;
    private readonly ExpiryDisconnector _expiry;
    private readonly ConnectionClosers _closers;
    private readonly IOptions<DisconnectOptions> _options;
    private readonly TimeProvider _clock;

    internal DisconnectSweeper(
        TableSet tables,
        DisconnectDispatcher queue,
        ExpiryDisconnector expiry,
        ConnectionClosers closers,
        IOptions<DisconnectOptions> options,
        TimeProvider clock)
    {
        _tables = tables;
        _queue = queue;
        _expiry = expiry;
        _closers = closers;
        _options = options;
        _clock = clock;
    }

    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        if (!_closers.AnyConfigured)
        {
            return new SweepReport(0, 0);
        }

        var takeOverBefore = _clock.GetUtcNow() - TimeSpan.FromSeconds(_options.Value.TakeOverSeconds);
        var taken = 0;
        try
        {
            await foreach (var account in _tables.Accounts.QueryAsync<AccountEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken))
            {
                var filter = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {account.AccountId} and RowKey ge {LedgerKeys.DisconnectPrefix} and RowKey lt {LedgerKeys.DisconnectPrefix + "~"}");
                await foreach (var row in _tables.Ledger.QueryAsync<LedgerEntity>(filter, cancellationToken: cancellationToken))
                {
                    if (DisconnectIntent.FromRow(row) is { } intent && intent.RevokedAt <= takeOverBefore && _queue.Enqueue(intent))
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

        return new SweepReport(taken, await _expiry.CloseExpiredAsync(cancellationToken));
    }
}

/// <summary>What one sweep did: pending revocations taken over, connections of expired tokens closed.</summary>
public sealed record SweepReport(int RevocationsTakenOver, int ExpiredClosed);
