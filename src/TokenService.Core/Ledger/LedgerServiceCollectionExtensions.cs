using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>The per-account ledger: rate-limit slots and meter, nonces, usage reports, purge.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<CallLedger>();
        services.AddSingleton<UsageMeter>();
        services.AddSingleton<ExpiryPurger>();
        return services;
    }
}
