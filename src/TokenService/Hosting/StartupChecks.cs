using TokenService.Accounts;
using TokenService.Tokens;

namespace TokenService.Hosting;

public static class StartupChecks
{
    /// <summary>
    /// Builds the key rings before serving: a missing or malformed key stops the process at start
    /// with a clear message instead of failing every request with InternalError.
    /// </summary>
    public static WebApplication ValidateKeyConfiguration(this WebApplication app)
    {
        app.Services.GetRequiredService<SecretProtector>();
        app.Services.GetRequiredService<TokenCodec>();
        return app;
    }
}
