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
}
