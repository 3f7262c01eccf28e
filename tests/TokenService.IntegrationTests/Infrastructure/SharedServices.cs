using Microsoft.Extensions.DependencyInjection;
using TokenService.TestSupport.Processes;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// A class fixture for test classes with many short tests: one set of tables and keys, in-process
/// services over them, and service processes started on first use, all shared by the class's
/// tests. Tests isolate themselves by account (each makes its own <see cref="Tenant"/>), so they
/// assert on their account's rows, never on a whole table.
/// </summary>
public sealed class SharedServices : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ServiceProcess> _processes = [];
    private ServiceSettings? _settings;
    private ServiceProvider? _services;

    public ServiceSettings Settings => _settings ?? throw new InvalidOperationException("Call EnsureAsync first.");

    public ServiceProvider Services => _services ?? throw new InvalidOperationException("Call EnsureAsync first.");

    /// <summary>Creates the settings once, for the store and overrides of the class's first test.</summary>
    public void Ensure(StoreFixture store, IDictionary<string, string>? overrides)
    {
        _gate.Wait();
        try
        {
            _settings ??= new ServiceSettings(store.Azurite.ConnectionString, overrides);
            _services ??= _settings.BuildServices();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The <paramref name="index"/>-th service process (0-based), starting it and any before it if needed, in parallel.</summary>
    public async Task<ServiceProcess> ProcessAsync(int index)
    {
        await _gate.WaitAsync();
        try
        {
            if (_processes.Count <= index)
            {
                var starting = Enumerable.Range(0, index + 1 - _processes.Count).Select(_ => ServiceProcess.StartAsync(Settings)).ToList();
                try
                {
                    await Task.WhenAll(starting);
                }
                finally
                {
                    _processes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                }
            }

            return _processes[index];
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>
/// The base of a test class over <see cref="SharedServices"/>: the same members as
/// <see cref="ServiceTestBase"/>, with the processes and tables shared by the class.
/// </summary>
public abstract class SharedServiceTestBase(StoreFixture store, SharedServices shared, IDictionary<string, string>? overrides = null) : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];

    protected StoreFixture Store => store;

    protected ServiceSettings Settings => shared.Settings;

    protected ServiceProvider Services => shared.Services;

    public virtual Task InitializeAsync()
    {
        shared.Ensure(store, overrides);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>The class's <paramref name="index"/>-th service process, started on first use.</summary>
    protected Task<ServiceProcess> ServiceAsync(int index = 0) => shared.ProcessAsync(index);

    protected HttpClient HttpFor(ServiceProcess process, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    protected SignedClient ClientFor(ServiceProcess process, Tenant tenant, string? securityToken = null) =>
        new(HttpFor(process), tenant.AccessKeyId, tenant.Secret, securityToken);

    protected Task<Tenant> NewTenantAsync(string? actions = null, string? instances = null) =>
        Tenant.CreateAsync(Services, actions, instances);

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
