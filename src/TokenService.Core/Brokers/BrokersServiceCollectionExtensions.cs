using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        // Built here, through internal constructors, so that the decisions they share stay internal.
        services.AddSingleton(provider => new RabbitMqAuthorizer(
            provider.GetRequiredService<ConnectAuthorizer>(),
            provider.GetRequiredService<SessionAuthorizer>(),
            provider.GetRequiredService<IOptions<BrokerOptions>>()));
        services.AddSingleton(provider => new EmqxAuthorizer(
            provider.GetRequiredService<ConnectAuthorizer>(), provider.GetRequiredService<SessionAuthorizer>()));
        services.AddSingleton(provider => new EventGridAuthorizer(provider.GetRequiredService<ConnectAuthorizer>()));
        return services;
    }
}
