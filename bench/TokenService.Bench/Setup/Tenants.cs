using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Accounts;
using TokenService.Bench.Clients;
using TokenService.Tokens;

namespace TokenService.Bench.Setup;

/// <summary>
/// The run's tenants, created with the service's own <see cref="AccountAdministration"/> (what
/// <c>tokenctl</c> calls), and genuine tokens minted with the service's <see cref="TokenCodec"/>
/// under the same signing key, so that RevokeToken revokes real tokens (whose expiry it reads)
/// without spending the measured phase on ApplyToken calls.
/// </summary>
internal sealed class Tenants(IReadOnlyList<TenantKey> keys, TokenCodec codec)
{
    public IReadOnlyList<TenantKey> Keys => keys;

    /// <param name="settings">The run's store and keys.</param>
    /// <param name="group">Names this set of tenants (a phase): its accounts, so its ledger partitions, are its own.</param>
    /// <param name="count">How many accounts.</param>
    /// <param name="cancellationToken">Cancels the seeding.</param>
    public static async Task<Tenants> SeedAsync(BenchSettings settings, string group, int count, CancellationToken cancellationToken)
    {
        await using var services = settings.BuildServices();
        var admin = services.GetRequiredService<AccountAdministration>();
        var keys = new List<TenantKey>(count);
        for (var i = 0; i < count; i++)
        {
            var account = $"{group}-{i.ToString(CultureInfo.InvariantCulture)}";
            var instance = "mqtt-" + account;
            Check(await admin.CreateAccountAsync(account, cancellationToken).ConfigureAwait(false));
            Check(await admin.CreateInstanceAsync(account, instance, cancellationToken).ConfigureAwait(false));
            var key = Check(await admin.CreateKeyAsync(account, null, null, cancellationToken).ConfigureAwait(false));
            keys.Add(new TenantKey(account, instance, key.AccessKeyId, key.Secret));
        }

        // The codec holds no storage: it outlives the service provider.
        return new Tenants(keys, new TokenCodec(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TokenSigningOptions>>()));
    }

    /// <summary>A genuine token of the tenant's instance, valid for an hour, like ApplyToken issues.</summary>
    public string MintToken(TenantKey tenant)
    {
        var now = DateTimeOffset.UtcNow;
        var issue = codec.Issue(tenant.InstanceId, TokenActions.Read | TokenActions.Write, ["devices/+/telemetry", "devices/bench/commands/#"], now, now.AddHours(1));
        return issue.Token ?? throw new InvalidOperationException(issue.Error);
    }

    private static T Check<T>(AdminResult<T> result) =>
        result.Error is null ? result.Value! : throw new InvalidOperationException(result.Error);
}
