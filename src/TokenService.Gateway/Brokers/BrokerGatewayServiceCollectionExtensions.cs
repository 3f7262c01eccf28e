namespace TokenService.Gateway.Brokers;

public static class BrokerGatewayServiceCollectionExtensions
{
    /// <summary>What the broker endpoints need beyond the core: the Event Grid caller check (it caches the tenant's keys).</summary>
    public static IServiceCollection AddBrokerGateway(this IServiceCollection services) =>
        services.AddSingleton<EventGridCaller>();
}
