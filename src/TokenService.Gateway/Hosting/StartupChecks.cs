using TokenService.Accounts;
using TokenService.Tokens;

namespace TokenService.Gateway.Hosting;

public static class StartupChecks
{
    /// <summary>
    /// Builds the key rings before serving: a missing or malformed key stops the host at start
    /// with a clear message instead of failing every request with InternalError. Both hosts run it.
    /// </summary>
    public static IServiceProvider ValidateKeyConfiguration(this IServiceProvider services)
    {
        services.GetRequiredService<SecretProtector>();
        services.GetRequiredService<TokenCodec>();
        return services;
    }
}
