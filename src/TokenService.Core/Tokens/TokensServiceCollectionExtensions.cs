using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenService.Accounts;

namespace TokenService.Tokens;

internal static class TokensServiceCollectionExtensions
{
    /// <summary>The token codec and its signing key ring.</summary>
    public static IServiceCollection AddTokens(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated when a host starts: without a valid signing key it refuses to start, naming the setting.
        services.AddOptions<TokenSigningOptions>().Bind(configuration.GetSection(TokenSigningOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenSigningOptions>>(new KeyRingValidator<TokenSigningOptions>(options => new TokenCodec(options)));
        services.AddSingleton<TokenCodec>();
        return services;
    }
}
