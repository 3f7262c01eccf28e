using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TokenService.Accounts;

internal static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts, instances, keys, STS and secret protection.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated when a host starts: without a valid key ring it refuses to start, naming the setting.
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection(SecretProtectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretProtectionOptions>, SecretProtectionOptionsValidator>();
        services.Configure<DirectoryOptions>(configuration.GetSection(DirectoryOptions.Section));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<AccountAdministration>();
        services.AddSingleton<StsIssuer>();
        return services;
    }
}
