using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenService.Brokers;
using TokenService.Telemetry;

namespace TokenService.Disconnects;

/// <summary>
/// Ends the connections whose token has expired, on the brokers that do not do it themselves
/// (RabbitMQ): reads the Sessions table's expiry entries that fell due since the lookback, closes
/// the connections of those whose session was not renewed by a later CONNECT, and marks each entry
/// handled. Sixteen range reads per sweep, one per expiry bucket, never a scan.
/// </summary>
internal sealed partial class ExpiryDisconnector(
    SessionStore sessions,
    ConnectionClosers closers,
    IOptions<BrokerOptions> brokers,
    TimeProvider clock,
    ILogger<ExpiryDisconnector> logger)
{
    public const string Reason = "token expired";

    /// <summary>The number of connections closed.</summary>
    public async Task<int> CloseExpiredAsync(CancellationToken cancellationToken)
    {
        var closing = closers.ClosingAtExpiry.ToDictionary(c => c.Broker, StringComparer.Ordinal);
        if (closing.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var from = now - TimeSpan.FromHours(brokers.Value.RabbitMq.CloseExpiredWithinHours);
        var due = (await Task.WhenAll(SessionKeys.ExpiryBuckets.Select(bucket => sessions.FindExpiredAsync(bucket, from, now, cancellationToken))))
            .SelectMany(entries => entries)
            .Where(entry => !entry.Closed && entry.Broker is { } broker && closing.ContainsKey(broker))
            .ToList();

        var targets = new List<(ExpiredSession Entry, SessionTarget Target)>();
        foreach (var entry in due)
        {
            var session = await sessions.FindAsync(entry.SessionId, cancellationToken);
            if (session is not null && !session.IsExpiredAt(now) && SessionKeys.Expiry(session.ExpiresAt, entry.SessionId) == entry.RowKey)
            {
                // Entries hold whole seconds: this session expires later in the current second.
                continue;
            }

            if (session is null || !session.IsExpiredAt(now))
            {
                // Purged already, or renewed by a CONNECT with later tokens (which wrote its own entry).
                await sessions.MarkClosedAsync(entry, cancellationToken);
            }
            else
            {
                targets.Add((entry, SessionTarget.Of(session)));
            }
        }

        var closed = 0;
        foreach (var group in targets.GroupBy(t => t.Target.Broker, StringComparer.Ordinal))
        {
            try
            {
                var outcomes = await closing[group.Key].CloseAsync(group.Select(t => t.Target).Distinct().ToList(), Reason, cancellationToken);
                foreach (var (entry, target) in group)
                {
                    if (outcomes.GetValueOrDefault(target, CloseOutcome.NotListedYet) is var outcome && outcome == CloseOutcome.NotListedYet)
                    {
                        continue;
                    }

                    await sessions.MarkClosedAsync(entry, cancellationToken);
                    if (outcome == CloseOutcome.Closed)
                    {
                        closed++;
                        BrokerMetrics.RecordSessionClosed(target.Broker, "expired");
                        LogClosed(target.Broker, target.ClientId);
                    }
                }
            }
            catch (Exception e) when (BrokerFailure.IsTransient(e, cancellationToken))
            {
                LogBrokerFailed(group.Key, group.Count(), BrokerFailure.Describe(e));
            }
        }

        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the {Broker} connection of client {ClientId}: its token expired")]
    private partial void LogClosed(string broker, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Broker} API could not close {Count} connections of expired tokens ({Failure}); tried again at the next sweep")]
    private partial void LogBrokerFailed(string broker, int count, string failure);
}
