namespace TokenService.Disconnects;

/// <summary>Closes device connections on one kind of broker, through that broker's own API.</summary>
internal interface IConnectionCloser
{
    /// <summary>The broker kind (<see cref="Brokers.BrokerNames"/>) whose sessions this closes.</summary>
    string Broker { get; }

    /// <summary>False when the broker's API is not configured: its sessions are left to their expiry.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// True when the broker does not end a connection at its token's expiry by itself, so the service
    /// must (RabbitMQ). EMQX (<c>expire_at</c>) and Event Grid (<c>expiration</c>) do it themselves.
    /// </summary>
    bool ClosesAtExpiry { get; }

    /// <summary>
    /// Closes the connections, one answer per target. Throws when the broker's API cannot be asked
    /// (down, slow, refusing the credential): the caller tries again later.
    /// </summary>
    Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> CloseAsync(IReadOnlyCollection<SessionTarget> targets, string reason, CancellationToken cancellationToken);
}
