using Microsoft.Extensions.DependencyInjection;
using TokenService.Accounts;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>An account with an instance and an AccessKey, created through the same administration code tokenctl uses.</summary>
public sealed record Tenant(string AccountId, string InstanceId, string AccessKeyId, string Secret)
{
    public static async Task<Tenant> CreateAsync(IServiceProvider services, string? actions = null, string? instances = null)
    {
        var admin = services.GetRequiredService<AccountAdministration>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var account = "acct-" + suffix;
        var instance = "mqtt-cn-" + suffix;
        Check(await admin.CreateAccountAsync(account));
        Check(await admin.CreateInstanceAsync(account, instance));
        var key = Check(await admin.CreateKeyAsync(account, actions, instances));
        return new Tenant(account, instance, key.AccessKeyId, key.Secret);
    }

    /// <summary>Another key of the same account.</summary>
    public async Task<Tenant> WithNewKeyAsync(IServiceProvider services, string? actions = null, string? instances = null)
    {
        var key = Check(await services.GetRequiredService<AccountAdministration>().CreateKeyAsync(AccountId, actions, instances));
        return this with { AccessKeyId = key.AccessKeyId, Secret = key.Secret };
    }

    /// <summary>Another instance of the same account.</summary>
    public async Task<string> AddInstanceAsync(IServiceProvider services)
    {
        var instance = "mqtt-cn-" + Guid.NewGuid().ToString("N")[..8];
        Check(await services.GetRequiredService<AccountAdministration>().CreateInstanceAsync(AccountId, instance));
        return instance;
    }

    private static T Check<T>(AdminResult<T> result) =>
        result.Ok ? result.Value! : throw new InvalidOperationException(result.Error);
}
