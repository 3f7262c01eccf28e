using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenService.Cli;

/// <summary>
/// The same services the HTTP executable uses, configured from the same environment variables
/// (<c>Storage__*</c>, <c>Secrets__*</c>, <c>Tokens__*</c>, <c>RateLimit__*</c>).
/// </summary>
public static class CliHost
{
    public static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddTokenService(configuration);
        return services.BuildServiceProvider();
    }
}
