using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// The limits come from configuration (<c>RateLimit__RevokeToken</c>, <c>RateLimit__QueryToken</c>),
/// not code: bursts of ten immediate calls against limits of 2 and 3.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class ConfigurableLimitTests(StoreFixture store, ITestOutputHelper output)
    : ServiceFleetTestBase(store, new Dictionary<string, string> { ["RateLimit__RevokeToken"] = "2", ["RateLimit__QueryToken"] = "3" })
{
    private const int Burst = 10;

    [Fact]
    public async Task RevokeTokenLimitOfTwoAdmitsExactlyTwoOfABurstOfTenInItsSecond()
    {
        var (client, tenant, _) = await WarmServiceAsync();

        var tally = await BurstUntilSaturatedAsync("RevokeToken", 2, tenant,
            n => client.RevokeAsync($"token-{n}", tenant.InstanceId));

        var admitted = tally.Admitted.Values.Sum();
        Assert.Equal(admitted, (await Services.RevocationsAsync(tenant.AccountId)).Count);
    }

    [Fact]
    public async Task QueryTokenLimitOfThreeAdmitsExactlyThreeOfABurstOfTenInItsSecond()
    {
        var (client, tenant, token) = await WarmServiceAsync();

        await BurstUntilSaturatedAsync("QueryToken", 3, tenant,
            n => client.QueryAsync(token, tenant.InstanceId, n % 2 == 0 ? "GET" : "POST"));
    }

    /// <summary>A started service whose process has tables, key and instance warm (through ApplyToken, whose limit is not under test).</summary>
    private async Task<(SignedClient Client, Tenant Tenant, string Token)> WarmServiceAsync()
    {
        var service = (await StartServicesAsync(1))[0];
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var applied = await client.ApplyAsync(tenant.InstanceId);
        Assert.Equal(HttpStatusCode.OK, applied.Status);
        return (client, tenant, applied.Field("Token")!);
    }

    /// <summary>
    /// Bursts of ten at the start of a second until one burst was decided inside one second (on a
    /// machine starved of CPU a burst can straddle a boundary; it is judged too, on "at most").
    /// </summary>
    private async Task<SecondTally> BurstUntilSaturatedAsync(string action, int limit, Tenant tenant, Func<int, Task<ApiResponse>> call)
    {
        var calls = new List<TimedCall>();
        for (var burst = 0; burst < 5; burst++)
        {
            var first = burst * Burst;
            calls.AddRange(await Waves.RunAsync(Waves.NextSecond(TimeSpan.FromMilliseconds(20)), 1, TimeSpan.Zero, Burst,
                _ => Enumerable.Range(first, Burst).Select(n => (action, (Func<Task<ApiResponse>>)(() => call(n))))));
            var sofar = new SecondTally(action, calls, await Services.UsageAsync(tenant.AccountId));
            if (sofar.SaturatedSeconds(limit).Count > 0)
            {
                break;
            }
        }

        var tally = new SecondTally(action, calls, await Services.UsageAsync(tenant.AccountId));
        output.WriteLine(tally.Describe(limit));
        Assert.All(calls, c =>
        {
            Assert.True(c.Succeeded || c.OverFlowed(action), c.Response.ToString());
            Assert.True(c.Succeeded || c.Response.Headers.ContainsKey("retry-after"));
        });
        Assert.Equal(calls.Count(c => c.Succeeded), tally.Admitted.Values.Sum());
        tally.AssertLimit(limit, minimumSaturated: 1);
        return tally;
    }
}
