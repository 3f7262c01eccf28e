using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Disconnects;

public static class DisconnectsServiceCollectionExtensions
{
    /// <summary>Closing the connections of revoked and expired tokens (docs/brokers.md), with the prompt path running in the background.</summary>
    public static IServiceCollection AddDisconnects(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DisconnectOptions>(configuration.GetSection(DisconnectOptions.Section));
        services.AddSingleton<IConnectionCloser, RabbitMqConnectionCloser>();
        services.AddSingleton<IConnectionCloser, EmqxClientKicker>();
        services.AddSingleton<ConnectionClosers>();
        services.AddSingleton<RevocationDisconnector>();
        services.AddSingleton<ExpiryDisconnector>();
        services.AddSingleton<DisconnectDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<DisconnectDispatcher>());
        services.AddSingleton(provider => new DisconnectSweeper(
            provider.GetRequiredService<Storage.TableSet>(),
            provider.GetRequiredService<DisconnectDispatcher>(),
            provider.GetRequiredService<ExpiryDisconnector>(),
            provider.GetRequiredService<ConnectionClosers>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DisconnectOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The sweep as a loop of its own: for the standalone server (the function app has a timer).</summary>
    public static IServiceCollection AddDisconnectSweepLoop(this IServiceCollection services) =>
        services.AddHostedService<DisconnectSweepLoop>();
}
