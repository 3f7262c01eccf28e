using Microsoft.Extensions.DependencyInjection;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.TestSupport.Proxies;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// A telemetry test class's world: its own tables, the in-process server with in-memory
/// exporters, reached through a <see cref="FaultProxy"/> in front of Azurite (so a test can make
/// the store busy), and in-process services for seeding tenants directly.
/// </summary>
public abstract class TelemetryTestBase(StoreFixture store, IDictionary<string, string>? overrides = null) : IAsyncLifetime
{
    protected ServiceSettings Settings { get; } = new(store.Azurite.ConnectionString, overrides);

    protected ServiceProvider Services { get; private set; } = null!;

    protected FaultProxy Proxy { get; private set; } = null!;

    protected InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Services = Settings.BuildServices();
        Proxy = await FaultProxy.StartAsync(store.Azurite.Port);
        var proxied = new ServiceSettings(store.Azurite.ConnectionString, Settings.Values);
        proxied.Values["Storage__ConnectionString"] = Proxy.Redirect(Settings.Values["Storage__ConnectionString"]);
        Server = await InProcessServer.StartAsync(proxied);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Proxy.DisposeAsync();
        await Services.DisposeAsync();
    }

    protected Task<Tenant> NewTenantAsync() => Tenant.CreateAsync(Services);

    /// <summary>
    /// Waits for what the service records after the answer has left (the call's span and its
    /// measurements are completed once the response is written).
    /// </summary>
    protected static async Task<T> EventuallyAsync<T>(Func<T?> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = probe();
            if (value is not null && done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; last: {value}");
            }

            await Task.Delay(50);
        }
    }
}

