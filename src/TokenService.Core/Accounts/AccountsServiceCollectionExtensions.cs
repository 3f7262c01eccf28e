using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts, instances, keys, STS and secret protection.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecretProtectionOptions>(configuration.GetSection(SecretProtectionOptions.Section));
        services.Configure<DirectoryOptions>(configuration.GetSection(DirectoryOptions.Section));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<AccountAdministration>();
        services.AddSingleton<StsIssuer>();
        return services;
    }
}
