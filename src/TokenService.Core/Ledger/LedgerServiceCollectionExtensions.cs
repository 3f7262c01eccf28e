using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Ledger;

internal static class LedgerServiceCollectionExtensions
{
    /// <summary>The per-account ledger: rate-limit slots and meter, nonces, the fence of unknown commits, usage reports, purge.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<CallLedger>();
        services.AddSingleton<CommitFence>();
        services.AddSingleton<CommitFences>();
        // A hosted service in both hosts (the server's and the function app's), so fences get the shutdown grace.
        services.AddHostedService(provider => provider.GetRequiredService<CommitFences>());
        services.AddSingleton<UsageMeter>();
        services.AddSingleton<ExpiryPurger>();
        return services;
    }
}
