using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenService.Ledger;
using TokenService.Rpc;

namespace TokenService.Tokens;

public static class TokensServiceCollectionExtensions
{
    /// <summary>The token operations, the ledger they commit through, and the pipeline that runs them.</summary>
    public static IServiceCollection AddTokenOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        // Validated when a host starts: without a valid signing key it refuses to start, naming the setting.
        services.AddOptions<TokenSigningOptions>().Bind(configuration.GetSection(TokenSigningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenSigningOptions>, TokenSigningOptionsValidator>();
        services.AddSingleton<CallLedger>();
        services.AddSingleton<UsageMeter>();
        services.AddSingleton<ExpiryPurger>();
        services.AddSingleton<RevocationLookup>();
        services.AddSingleton<TokenCodec>();
        services.AddSingleton<IRpcOperation, ApplyTokenOperation>();
        services.AddSingleton<IRpcOperation, QueryTokenOperation>();
        services.AddSingleton<IRpcOperation, RevokeTokenOperation>();
        services.AddSingleton<CallPipeline>();
        return services;
    }
}
