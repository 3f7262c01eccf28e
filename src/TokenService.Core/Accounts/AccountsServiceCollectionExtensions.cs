using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenService.Signatures;

namespace TokenService.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts, keys, STS, secret protection and the signature check.</summary>
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
        services.AddSingleton<RequestAuthenticator>();
        return services;
    }
}
