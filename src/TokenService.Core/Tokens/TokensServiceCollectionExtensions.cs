using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Tokens;

public static class TokensServiceCollectionExtensions
{
    /// <summary>The token codec and its signing key ring.</summary>
    public static IServiceCollection AddTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TokenSigningOptions>(configuration.GetSection(TokenSigningOptions.Section));
        services.AddSingleton<TokenCodec>();
        return services;
    }
}
