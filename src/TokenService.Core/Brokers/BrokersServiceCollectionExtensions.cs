using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Brokers;

internal static class BrokersServiceCollectionExtensions
{
    /// <summary>The broker-facing decisions (docs/contract.md §8) and the sessions they store.</summary>
    public static IServiceCollection AddBrokers(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BrokerOptions>(configuration.GetSection(BrokerOptions.Section));
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<SessionPurger>();
        services.AddSingleton<ConnectAuthorizer>();
        services.AddSingleton<SessionAuthorizer>();
        services.AddSingleton<RabbitMqAuthorizer>();
        services.AddSingleton<EmqxAuthorizer>();
        services.AddSingleton<EventGridAuthorizer>();
        return services;
    }
}
