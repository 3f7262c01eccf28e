using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Signatures;

namespace TokenService.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts, keys, STS, secret protection and the signature check.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecretProtectionOptions>(configuration.GetSection(SecretProtectionOptions.Section));
        services.Configure<DirectoryOptions>(configuration.GetSection(DirectoryOptions.Section));
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<AccountAdministration>();
        services.AddSingleton<StsIssuer>();
        services.AddSingleton<RequestAuthenticator>();
        return services;
    }
}
