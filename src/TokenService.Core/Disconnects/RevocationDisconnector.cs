using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenService.Brokers;
using TokenService.Storage;
using TokenService.Telemetry;

namespace TokenService.Disconnects;

/// <summary>
/// Carries out pending disconnects: finds the sessions that presented each revoked token (the token
/// index of the Sessions table), keeps those of the revoking instance whose session still holds that
/// token (a client id that reconnected with other tokens is another connection now), asks each
/// broker once per batch to close them, and deletes an intent once all of its connections are
/// closed or gone. Idempotent: any number of processes may carry out the same intent.
/// </summary>
internal sealed partial class RevocationDisconnector(
    TableSet tables,
    SessionStore sessions,
    ConnectionClosers closers,
    IOptions<DisconnectOptions> options,
    TimeProvider clock,
    ILogger<RevocationDisconnector> logger)
{
    public const string Reason = "token revoked";

    // An entity-group transaction holds at most 100 operations: an intent and its index entry are two.
    private const int IntentsPerTransaction = 50;

    /// <summary>Carries out the intents; answers those that are not done yet and why.</summary>
    public async Task<IReadOnlyList<(DisconnectIntent Intent, PendingReason Reason)>> ProcessAsync(
        IReadOnlyCollection<DisconnectIntent> intents, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plans = await Task.WhenAll(intents.Select(intent => PlanAsync(intent, now, cancellationToken)));
        var (outcomes, closedAt) = await CloseAsync(plans.SelectMany(p => p.Targets).Distinct().ToList(), cancellationToken);

        var pending = new List<(DisconnectIntent, PendingReason)>();
        var done = new List<DisconnectIntent>();
        var recorded = new HashSet<SessionTarget>();
        foreach (var plan in plans)
        {
            var results = plan.Targets.Select(t => outcomes.GetValueOrDefault(t)).ToList();
            foreach (var target in plan.Targets.Where(t => outcomes.GetValueOrDefault(t) == CloseOutcome.Closed && recorded.Add(t)))
            {
                // A span per closed session carries its revocation-to-disconnect time, which the
                // template's p99 alert reads (Application Insights keeps no histogram percentiles).
                using var span = ServiceTelemetry.Source.StartActivity("SessionClosed");
                span?.SetTag(TelemetryTags.Broker, target.Broker);
                span?.SetTag(TelemetryTags.SessionCloseReason, "revoked");
                BrokerMetrics.RecordSessionClosed(target.Broker, "revoked");
                BrokerMetrics.RecordRevocationToDisconnect(target.Broker, closedAt[target.Broker] - plan.Intent.RevokedAt);
                LogClosed(target.Broker, target.ClientId);
            }

            if (results.Any(r => r is null))
            {
                pending.Add((plan.Intent, PendingReason.BrokerFailed));
            }
            else if (plan.WaitingForSession || results.Any(r => r == CloseOutcome.NotListedYet))
            {
                pending.Add((plan.Intent, PendingReason.NotListedYet));
            }
            else
            {
                done.Add(plan.Intent);
            }
        }

        await Task.WhenAll(done.GroupBy(i => i.AccountId, StringComparer.Ordinal)
            .SelectMany(account => account.Chunk(IntentsPerTransaction))
            .Select(intents => CompleteAsync(intents, cancellationToken)));
        return pending;
    }

    private async Task<Plan> PlanAsync(DisconnectIntent intent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (intent.ExpiresAt <= now)
        {
            // The token has expired: its connections end with it (EMQX and Event Grid by themselves,
            // RabbitMQ through the expiry sweep).
            return new Plan(intent, [], WaitingForSession: false);
        }

        var grace = TimeSpan.FromSeconds(options.Value.ConnectGraceSeconds);
        var targets = new List<SessionTarget>();
        var waiting = false;
        var presentations = (await sessions.FindByTokenAsync(intent.TokenHash, cancellationToken))
            .Where(presented => closers.For(presented.Broker) is not null)
            .ToList();
        var found = await Task.WhenAll(presentations.Select(presented => sessions.FindAsync(presented.Broker, presented.ClientId, cancellationToken)));
        foreach (var (presented, session) in presentations.Zip(found))
        {
            if (session is null)
            {
                // A CONNECT writes this index row before it reads revocations and its session after:
                // a young row may belong to a CONNECT that is being allowed right now.
                waiting |= now - presented.RecordedAt < grace;
            }
            else if (session.InstanceId == intent.InstanceId && session.TokenHashes.Contains(intent.TokenHash, StringComparer.Ordinal))
            {
                // Of the revoking instance only: a revocation holds on its own instance, so another
                // instance's session that presented the same token stays allowed, and stays open.
                targets.Add(SessionTarget.Of(session));
            }
        }

        return new Plan(intent, targets, waiting);
    }

    /// <summary>
    /// One request batch per broker; a broker that could not be asked leaves its targets without an
    /// outcome. Answers the outcomes and when each broker answered.
    /// </summary>
    private async Task<(Dictionary<SessionTarget, CloseOutcome?> Outcomes, Dictionary<string, DateTimeOffset> ClosedAt)> CloseAsync(
        List<SessionTarget> targets, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<SessionTarget, CloseOutcome?>();
        var closedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var group in targets.GroupBy(t => t.Broker, StringComparer.Ordinal))
        {
            var closer = closers.For(group.Key)!;
            try
            {
                var answered = await closer.CloseAsync(group.ToList(), Reason, cancellationToken);
                closedAt[group.Key] = clock.GetUtcNow();
                foreach (var target in group)
                {
                    outcomes[target] = answered.TryGetValue(target, out var outcome) ? outcome : null;
                }
            }
            catch (Exception e) when (BrokerFailure.IsTransient(e, cancellationToken))
            {
                LogBrokerFailed(group.Key, group.Count(), BrokerFailure.Describe(e));
                foreach (var target in group)
                {
                    outcomes[target] = null;
                }
            }
        }

        return (outcomes, closedAt);
    }

    /// <summary>
    /// Deletes done intents of one account with their index entries, in one transaction. One that
    /// another process completed first (or whose index entry the purge took) fails the transaction:
    /// then each row is deleted on its own, a missing one being success.
    /// </summary>
    private async Task CompleteAsync(DisconnectIntent[] intents, CancellationToken cancellationToken)
    {
        var rows = intents.SelectMany(intent => new[] { intent.RowKey, intent.IndexRowKey }).Distinct(StringComparer.Ordinal).ToList();
        var accountId = intents[0].AccountId;
        try
        {
            await tables.Ledger.SubmitTransactionAsync(
                rows.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(accountId, rowKey), ETag.All)),
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            foreach (var rowKey in rows)
            {
                try
                {
                    await tables.Ledger.DeleteEntityAsync(accountId, rowKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException inner) when (inner.Status == 404)
                {
                    // Gone already.
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the {Broker} connection of client {ClientId}: its token was revoked")]
    private partial void LogClosed(string broker, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Broker} API could not close {Count} connections of revoked tokens ({Failure}); tried again later")]
    private partial void LogBrokerFailed(string broker, int count, string failure);

    private sealed record Plan(DisconnectIntent Intent, IReadOnlyList<SessionTarget> Targets, bool WaitingForSession);
}

/// <summary>Why a disconnect is not done yet: it decides how soon it is tried again.</summary>
internal enum PendingReason
{
    /// <summary>A session or connection is not visible yet: look again shortly.</summary>
    NotListedYet,

    /// <summary>The broker's API did not answer as it should: back off.</summary>
    BrokerFailed,
}
