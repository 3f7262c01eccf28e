using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenService.Storage;

namespace TokenService.Accounts;

internal static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts, instances, keys, STS and secret protection.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated when a host starts: without a valid key ring it refuses to start, naming the setting.
        services.AddOptions<SecretProtectionOptions>().Bind(configuration.GetSection(SecretProtectionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretProtectionOptions>>(new KeyRingValidator<SecretProtectionOptions>(options => new SecretProtector(options)));
        services.Configure<DirectoryOptions>(configuration.GetSection(DirectoryOptions.Section));
        services.AddSingleton<SecretProtector>();
        // Built here, through internal constructors, so that the secret protector stays internal.
        services.AddSingleton(provider => new AccountDirectory(
            provider.GetRequiredService<TableSet>(),
            provider.GetRequiredService<SecretProtector>(),
            provider.GetRequiredService<IOptions<DirectoryOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new AccountAdministration(
            provider.GetRequiredService<TableSet>(), provider.GetRequiredService<SecretProtector>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new StsIssuer(provider.GetRequiredService<SecretProtector>()));
        return services;
    }
}
