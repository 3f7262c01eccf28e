using Microsoft.Extensions.Logging;
using TokenService.Telemetry;
using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// Checks after CONNECT, which carry the client id and username but no password: they are
/// answered from the session that CONNECT stored, and only while it is live (not expired) and was
/// stored for the same username. PUBLISH needs a W grant covering the topic, SUBSCRIBE an R grant
/// covering the filter.
/// </summary>
internal sealed partial class SessionAuthorizer(SessionStore store, SessionCache cache, TimeProvider clock, ILogger<SessionAuthorizer> logger)
{
    /// <summary>The live session of the client id under that username, or null.</summary>
    public async Task<BrokerSession?> FindLiveAsync(string broker, string? clientId, string? username, CancellationToken cancellationToken)
    {
        if (!ClientIds.IsValid(clientId) || !BrokerCredentials.IsTokenUsername(username))
        {
            return null;
        }

        var session = cache.Get(broker, clientId!);
        if (session is null)
        {
            session = await store.FindAsync(broker, clientId!, cancellationToken);
            if (session is not null)
            {
                cache.Put(session);
            }
        }

        return session is not null && !session.IsExpiredAt(clock.GetUtcNow()) && session.Username == username ? session : null;
    }

    /// <summary>May the client publish (Write) to the topic or subscribe (Read) to the filter?</summary>
    public async Task<bool> AllowsAsync(
        string broker, string? clientId, string? username, TokenActions needed, string topicOrFilter, CancellationToken cancellationToken,
        Func<string, string>? grantedAs = null)
    {
        var session = await FindLiveAsync(broker, clientId, username, cancellationToken);
        var allowed = session is not null && session.Allows(needed, topicOrFilter, clock.GetUtcNow(), grantedAs);
        BrokerMetrics.RecordDecision(broker, allowed ? BrokerMetrics.TopicAllowed : BrokerMetrics.TopicDenied);
        if (!allowed)
        {
            LogDenied(broker, session is null ? "(no live session)" : clientId, needed, session is null ? "no live session of this client id and username" : "no grant covers the topic");
        }

        return allowed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker {Broker} denied {Action} of client {ClientId}: {Reason}")]
    private partial void LogDenied(string broker, string? clientId, TokenActions action, string reason);
}
