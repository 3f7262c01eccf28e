using TokenService.TestSupport.Processes;
using TokenService.TestSupport.Proxies;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="ServiceTestBase"/> for tests that need several service processes at once (started
/// in parallel, sharing the test's tables and keys) or a service that reaches the store through a
/// <see cref="FaultProxy"/>. Everything started here is stopped with the test.
/// </summary>
public abstract class ServiceFleetTestBase(StoreFixture store, IDictionary<string, string>? overrides = null)
    : ServiceTestBase(store, overrides)
{
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>Starts <paramref name="count"/> service processes over the same store, in parallel.</summary>
    protected async Task<IReadOnlyList<ServiceProcess>> StartServicesAsync(int count)
    {
        var starting = Enumerable.Range(0, count).Select(_ => ServiceProcess.StartAsync(Settings)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            _owned.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        return starting.Select(t => t.Result).ToList();
    }

    /// <summary>A fault-injecting proxy in front of the shared Azurite.</summary>
    protected async Task<FaultProxy> StartFaultProxyAsync()
    {
        var proxy = await FaultProxy.StartAsync(Store.Azurite.Port);
        _owned.Add(proxy);
        return proxy;
    }

    /// <summary>A service process with the test's settings whose every storage request goes through <paramref name="proxy"/>.</summary>
    protected async Task<ServiceProcess> StartServiceThroughAsync(FaultProxy proxy)
    {
        const string connectionString = "Storage__ConnectionString";
        var settings = new ServiceSettings(
            proxy.Redirect(Settings.Values[connectionString]),
            Settings.Values.Where(v => v.Key != connectionString).ToDictionary(v => v.Key, v => v.Value));
        var process = await ServiceProcess.StartAsync(settings);
        _owned.Add(process);
        return process;
    }

    public override async Task DisposeAsync()
    {
        // Newest first: services stop before the proxy they talk through.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
