using TokenService.Brokers;

namespace TokenService.Disconnects;

/// <summary>A connection to close: the client id on its broker, the username it connected with, and when its CONNECT was allowed.</summary>
internal sealed record SessionTarget(string Broker, string ClientId, string Username, DateTimeOffset ConnectedAt)
{
    public static SessionTarget Of(BrokerSession session) => new(session.Broker, session.ClientId, session.Username, session.ConnectedAt);
}

/// <summary>What a broker said about one connection to close.</summary>
internal enum CloseOutcome
{
    /// <summary>The broker closed it.</summary>
    Closed,

    /// <summary>It is not connected (any more): nothing to close, which is success too.</summary>
    Gone,

    /// <summary>The broker does not list it yet (a new connection); look again.</summary>
    NotListedYet,
}
