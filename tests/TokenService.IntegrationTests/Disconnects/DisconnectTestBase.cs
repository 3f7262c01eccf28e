using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// The world of the disconnect tests: the test's own tables in Azurite, the service's classes in
/// this process over a <see cref="FakeClock"/>, and recording closers in place of the brokers' APIs
/// (the real closers are tested against fake APIs in the unit tests). Sessions are stored the way
/// a CONNECT stores them, through <see cref="SessionStore"/>. Nothing runs in the background: the
/// dispatcher is never started, so every step happens when the test calls it.
/// </summary>
public abstract class DisconnectTestBase(StoreFixture store, IDictionary<string, string>? overrides = null) : ServiceTestBase(store, overrides)
{
    private readonly List<ServiceProvider> _providers = [];

    // Whole seconds: what the clock says survives the store's round trip exactly.
    protected FakeClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private protected RecordingCloser Rabbit { get; } = new(BrokerNames.RabbitMq, closesAtExpiry: true);

    private protected RecordingCloser Emqx { get; } = new(BrokerNames.Emqx, closesAtExpiry: false);

    public override async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>A service process's classes with these closers as its only configured broker APIs (none: no broker API).</summary>
    private protected ServiceProvider ProcessWith(params IConnectionCloser[] closers)
    {
        var provider = Settings.BuildServices(Clock, services =>
        {
            services.RemoveAll<IConnectionCloser>();
            foreach (var closer in closers)
            {
                services.AddSingleton(closer);
            }
        });
        _providers.Add(provider);
        return provider;
    }

    protected static async Task<string> ApplyAsync(IServiceProvider process, Tenant tenant, DateTimeOffset expires)
    {
        var outcome = await InProcessCall.RunAsync(process, tenant, "ApplyToken", new Dictionary<string, string>
        {
            ["Resources"] = "devices/d1/#",
            ["InstanceId"] = tenant.InstanceId,
            ["ExpireTime"] = expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["Actions"] = "R",
        });
        Assert.True(outcome.Error is null, outcome.Error?.ToString());
        return (string)outcome.Response!.Fields.Single(f => f.Key == "Token").Value;
    }

    protected static async Task RevokeAsync(IServiceProvider process, Tenant tenant, string token)
    {
        var outcome = await InProcessCall.RunAsync(process, tenant, "RevokeToken", Revoke(tenant, token));
        Assert.True(outcome.Error is null, outcome.Error?.ToString());
    }

    protected static Dictionary<string, string> Revoke(Tenant tenant, string token) =>
        new() { ["Token"] = token, ["InstanceId"] = tenant.InstanceId };

    /// <summary>A CONNECT allowed now that presented these tokens, stored in its two steps (or only the first).</summary>
    protected async Task<BrokerSession> ConnectAsync(
        IServiceProvider process, Tenant tenant, string broker, string clientId, string[] tokens, DateTimeOffset expires, bool allowed = true)
    {
        var session = new BrokerSession(broker, clientId, tenant.AccessKeyId, tenant.InstanceId, tenant.AccountId,
            [.. tokens.Select(TokenHash.Of)], [new SessionGrant(TokenActions.Read, ["devices/d1/#"])], Clock.GetUtcNow(), expires);
        var sessions = process.GetRequiredService<SessionStore>();
        await sessions.RecordPresentedAsync(session, CancellationToken.None);
        if (allowed)
        {
            await sessions.SaveAsync(session, CancellationToken.None);
        }

        return session;
    }

    /// <summary>The pending disconnects of the account, as stored.</summary>
    private protected async Task<List<DisconnectIntent>> IntentsAsync(Tenant tenant) =>
        [.. (await Services.LedgerAsync(tenant.AccountId, LedgerKeys.DisconnectPrefix)).Select(row => DisconnectIntent.FromRow(row)!)];

    /// <summary>The expiry index entries of the account's pending disconnects.</summary>
    protected async Task<List<string>> IntentIndexKeysAsync(Tenant tenant) =>
        [.. (await Services.LedgerAsync(tenant.AccountId, LedgerKeys.ExpiryPrefix))
            .Select(row => row.RowKey)
            .Where(key => LedgerKeys.ExpiryTarget(key).StartsWith(LedgerKeys.DisconnectPrefix, StringComparison.Ordinal))];

    private protected async Task<DisconnectIntent> SingleIntentAsync(Tenant tenant) => Assert.Single(await IntentsAsync(tenant));

    /// <summary>Waits for what a started dispatcher does in the background; fails after 30 s, never asserts how fast.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting until " + what);
            }

            await Task.Delay(50);
        }
    }
}
