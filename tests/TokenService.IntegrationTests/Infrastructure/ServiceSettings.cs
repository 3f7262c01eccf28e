using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// The environment a test's service processes run with: one store, a table prefix of the test's
/// own (tests share one Azurite without seeing each other's rows), fresh keys, and overrides.
/// The same settings build in-process services for seeding and for reading what was stored.
/// </summary>
public sealed class ServiceSettings
{
    public ServiceSettings(string connectionString, IDictionary<string, string>? overrides = null)
    {
        Values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Secrets__CurrentKeyId"] = "k1",
            ["Secrets__Keys__k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tokens__CurrentKeyId"] = "t1",
            ["Tokens__SigningKeys__t1"] = NewSigningKey(),
            ["Directory__CacheSeconds"] = "1",
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            Values[name] = value;
        }
    }

    public Dictionary<string, string> Values { get; }

    public string TablePrefix => Values["Storage__TablePrefix"];

    public static string NewSigningKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    /// <summary>
    /// The service's own classes over the same store and keys, in this process; <paramref name="replace"/>
    /// swaps registrations after the service's own (a fake at a boundary the test stands in for).
    /// </summary>
    public ServiceProvider BuildServices(TimeProvider? clock = null, Action<IServiceCollection>? replace = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Values.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTokenService(configuration);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        replace?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
