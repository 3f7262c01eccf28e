namespace TokenService.Brokers;

/// <summary>The broker-facing endpoints' settings, bound from <c>Brokers__*</c>.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Brokers";

    /// <summary>
    /// The key RabbitMQ and EMQX present (<c>?code=</c> or <c>x-functions-key</c>) on the standalone
    /// server. Unset there, the broker endpoints refuse every call. In Azure the Functions host checks
    /// its function key instead (see the README).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// How long a service process may answer topic checks from a session it read or wrote (seconds).
    /// A reconnect on another process with other tokens is seen within this bound. 0 disables it.
    /// </summary>
    public double SessionCacheSeconds { get; set; } = 1;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public EmqxOptions Emqx { get; set; } = new();

    public EventGridOptions EventGrid { get; set; } = new();
}
