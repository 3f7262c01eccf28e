using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenService.Bench.Clients;

namespace TokenService.Bench.Setup;

/// <summary>
/// The settings every service process of a run gets: Azurite (directly, or through the counting
/// proxy), a table prefix of the run's own, fresh key rings, and per-account limits raised to the
/// maximum so that the rate limiter admits every call and the store is what binds.
/// </summary>
internal sealed class BenchSettings
{
    private BenchSettings(Dictionary<string, string> values) => Values = values;

    public IReadOnlyDictionary<string, string> Values { get; private init; }

    public string TablePrefix => Values["Storage__TablePrefix"];

    public static BenchSettings Create(int azuritePort)
    {
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var limit = Ledger.RateLimitOptions.MaxLimit.ToString(CultureInfo.InvariantCulture);
        return new BenchSettings(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__ConnectionString"] = ConnectionString(azuritePort),
            ["Storage__TablePrefix"] = "bench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            ["Secrets__CurrentKeyId"] = "b1",
            ["Secrets__Keys__b1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tokens__CurrentKeyId"] = "b1",
            ["Tokens__SigningKeys__b1"] = Convert.ToBase64String(signingKey.ExportPkcs8PrivateKey()),
            ["RateLimit__RevokeToken"] = limit,
            ["RateLimit__ApplyToken"] = limit,
            ["RateLimit__QueryToken"] = limit,
        });
    }

    public static string ConnectionString(int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={TableRestClient.AzuriteAccount};AccountKey={TableRestClient.AzuriteKey};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort.ToString(CultureInfo.InvariantCulture)}/{TableRestClient.AzuriteAccount};";

    /// <summary>The same settings with other values (the proxy's port, a longer cache).</summary>
    public BenchSettings With(params (string Name, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            values[name] = value;
        }

        return new BenchSettings(values);
    }

    /// <summary>The service's own classes in this process, over the same store and keys (seeding, minting tokens).</summary>
    public ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Values.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddTokenService(configuration);
        return services.BuildServiceProvider();
    }
}
