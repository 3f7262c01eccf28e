using System.Globalization;
using TokenService.Bench.Clients;
using TokenService.Bench.Setup;
using TokenService.Storage;
using TokenService.TestSupport.Ports;
using TokenService.TestSupport.Processes;
using TokenService.TestSupport.Proxies;

namespace TokenService.Bench.Phases;

/// <summary>Storage requests per call of one kind, averaged over <see cref="Calls"/> sequential calls.</summary>
internal sealed record RoundTrips(string Call, int Calls, IReadOnlyDictionary<string, int> Counts)
{
    public double PerCall(string kind) => Counts.GetValueOrDefault(kind) / (double)Calls;

    public double Total => Counts.Values.Sum() / (double)Calls;
}

/// <summary>
/// Counts storage round trips per call: a service process of its own talks to Azurite through
/// the <see cref="CountingProxy"/>; each kind of call is repeated in steady state (tables made,
/// AccessKey and instance cached) and the proxy's counts divided by the number of calls. The
/// directory cache is set to a minute here so that its refreshes (one key and one instance read
/// per <c>Directory__CacheSeconds</c>, not per call) do not blur the per-call numbers.
/// </summary>
internal static class RoundTripPhase
{
    public const string FirstCall = "first call of a fresh process (QueryToken)";

    public static async Task<IReadOnlyList<RoundTrips>> RunAsync(
        BenchSettings settings, Tenants tenants, string serviceExecutable, int azuritePort, int calls, HttpClient http, Action<string> progress)
    {
        await using var proxy = await CountingProxy.StartAsync(
            FreePort.Next(),
            new Uri($"http://127.0.0.1:{azuritePort.ToString(CultureInfo.InvariantCulture)}/"),
            (method, path) => StorageRequestKind.Classify(method, path, tablePrefix: "").Kind).ConfigureAwait(false);
        var proxied = settings.With(
            ("Storage__ConnectionString", BenchSettings.ConnectionString(proxy.Port)),
            ("Directory__CacheSeconds", "60"));
        await using var service = ServiceProcess.Start(serviceExecutable, proxied.Values, FreePort.Next());
        var tenant = tenants.Keys[0];
        var client = new SignedRpcClient(http, service.BaseAddress, tenant);
        var genuine = tenants.MintToken(tenant);
        progress($"round trips: a service process behind a counting proxy, {calls} calls of each kind");

        var results = new List<RoundTrips>();
        await ColdStartPhase.WaitUntilAnsweringAsync(service, () => client.QueryAsync(tenant.InstanceId, genuine, CancellationToken.None), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        results.Add(new RoundTrips(FirstCall, 1, proxy.TakeCounts()));

        var revoked = tenants.MintToken(tenant);
        Expect(await client.RevokeAsync(tenant.InstanceId, revoked, CancellationToken.None).ConfigureAwait(false), "RevokeToken");
        proxy.TakeCounts();

        results.Add(await CountAsync(proxy, "RevokeToken, a genuine token not revoked before", calls,
            async () => Expect(await client.RevokeAsync(tenant.InstanceId, tenants.MintToken(tenant), CancellationToken.None).ConfigureAwait(false), "RevokeToken")).ConfigureAwait(false));
        results.Add(await CountAsync(proxy, "RevokeToken, the same token again (idempotent)", calls,
            async () => Expect(await client.RevokeAsync(tenant.InstanceId, revoked, CancellationToken.None).ConfigureAwait(false), "RevokeToken")).ConfigureAwait(false));
        results.Add(await CountAsync(proxy, "QueryToken, a genuine unrevoked token (true)", calls,
            async () => ExpectStatus(await client.QueryAsync(tenant.InstanceId, genuine, CancellationToken.None).ConfigureAwait(false), true)).ConfigureAwait(false));
        results.Add(await CountAsync(proxy, "QueryToken, a revoked token (false)", calls,
            async () => ExpectStatus(await client.QueryAsync(tenant.InstanceId, revoked, CancellationToken.None).ConfigureAwait(false), false)).ConfigureAwait(false));
        results.Add(await CountAsync(proxy, "QueryToken, not a genuine token (false)", calls,
            async () => ExpectStatus(await client.QueryAsync(tenant.InstanceId, "not-a-token-" + Guid.NewGuid(), CancellationToken.None).ConfigureAwait(false), false)).ConfigureAwait(false));
        results.Add(await CountAsync(proxy, "ApplyToken", calls,
            async () => Expect(await client.ApplyAsync(tenant.InstanceId, CancellationToken.None).ConfigureAwait(false), "ApplyToken")).ConfigureAwait(false));
        return results;
    }

    private static async Task<RoundTrips> CountAsync(CountingProxy proxy, string name, int calls, Func<Task> call)
    {
        proxy.TakeCounts();
        for (var i = 0; i < calls; i++)
        {
            await call().ConfigureAwait(false);
        }

        return new RoundTrips(name, calls, proxy.TakeCounts());
    }

    private static void Expect(RpcAnswer answer, string action)
    {
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"{action} through the counting proxy answered {answer}");
        }
    }

    private static void ExpectStatus(RpcAnswer answer, bool status)
    {
        if (!answer.Ok || answer.TokenStatusTrue != status)
        {
            throw new InvalidOperationException($"QueryToken through the counting proxy answered {answer}, expected TokenStatus {status}");
        }
    }
}
