namespace TokenService.Brokers;

/// <summary>The brokers the service answers; part of a session's key, so a client id is per broker.</summary>
internal static class BrokerNames
{
    public const string RabbitMq = "rabbitmq";
    public const string Emqx = "emqx";
    public const string EventGrid = "eventgrid";
}
