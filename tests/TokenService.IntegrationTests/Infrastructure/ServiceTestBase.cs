using Microsoft.Extensions.DependencyInjection;
using TokenService.TestSupport.Processes;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// A test class's world: its own tables in the shared Azurite, in-process services over them for
/// seeding and inspection, and service processes (the real executable) started on demand.
/// </summary>
public abstract class ServiceTestBase(StoreFixture store, IDictionary<string, string>? overrides = null) : IAsyncLifetime
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly List<HttpClient> _clients = [];

    protected StoreFixture Store => store;

    protected ServiceSettings Settings { get; } = new(store.Azurite.ConnectionString, overrides);

    protected ServiceProvider Services { get; private set; } = null!;

    public virtual Task InitializeAsync()
    {
        Services = Settings.BuildServices();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Services.DisposeAsync();
    }

    protected async Task<ServiceProcess> StartServiceAsync()
    {
        var process = await ServiceProcess.StartAsync(Settings);
        _processes.Add(process);
        return process;
    }

    protected HttpClient HttpFor(ServiceProcess process)
    {
        var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(client);
        return client;
    }

    protected SignedClient ClientFor(ServiceProcess process, Tenant tenant) =>
        new(HttpFor(process), tenant.AccessKeyId, tenant.Secret);

    protected Task<Tenant> NewTenantAsync(string? actions = null, string? instances = null) =>
        Tenant.CreateAsync(Services, actions, instances);

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
