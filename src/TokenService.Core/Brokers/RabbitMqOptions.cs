namespace TokenService.Brokers;

/// <summary>What the RabbitMQ endpoints need to know about the broker (<c>Brokers__RabbitMq__*</c>).</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The vhost the MQTT plugin uses (<c>mqtt.vhost</c>); devices get no other.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>The exchange the MQTT plugin publishes to (<c>mqtt.exchange</c>).</summary>
    public string Exchange { get; set; } = "amq.topic";

    /// <summary>
    /// The service's own management user (to close connections), answered <c>allow administrator</c>
    /// only with exactly this name and <see cref="AdminPassword"/>. Both unset: no such user.
    /// </summary>
    public string? AdminUsername { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>
    /// The management API (<c>http://host:15672</c>) through which the service closes the connections
    /// of revoked and expired tokens, as <see cref="AdminUsername"/>. Unset: no connection is closed.
    /// </summary>
    public Uri? ManagementUrl { get; set; }

    /// <summary>
    /// How long after a CONNECT the management API may still not list the connection: it lists one only
    /// after its first statistics emission (<c>collect_statistics_interval</c>, 5 s by default). A
    /// revoked session younger than this that is not listed yet is looked for again; an older one is gone.
    /// </summary>
    public double StatisticsLagSeconds { get; set; } = 10;

    /// <summary>
    /// How long after its token's expiry the service still tries to close a RabbitMQ connection
    /// (hours): the expiry sweep looks back this far, and the session purge keeps an expired session
    /// whose connection is not closed yet until then.
    /// </summary>
    public double CloseExpiredWithinHours { get; set; } = 24;

    public bool CanCloseConnections =>
        ManagementUrl is not null && !string.IsNullOrEmpty(AdminUsername) && !string.IsNullOrEmpty(AdminPassword);
}
