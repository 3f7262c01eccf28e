using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.TestSupport.Processes;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// The per-account limit holds across service instances because the store enforces it: three
/// processes share one Azurite, two accounts are called at the same time, well over the limit,
/// for more than three seconds.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class RateLimitAcrossProcessesTests(StoreFixture store, ITestOutputHelper output) : ServiceFleetTestBase(store)
{
    private const string Action = "RevokeToken";
    private const int Limit = 5; // RateLimit__RevokeToken's default
    private const int WaveCount = 10;
    private const int CallsPerWavePerAccount = 18;
    private const int MaxInFlightPerAccount = 12;
    private const int MinimumSaturatedSeconds = 2;
    private static readonly TimeSpan WaveInterval = TimeSpan.FromSeconds(1.0 / 3);

    [Fact]
    public async Task ThreeProcessesAdmitExactlyTheLimitPerSecondPerAccountAndMeterEveryAdmittedCallOnce()
    {
        var services = await StartServicesAsync(3);
        var first = await NewTenantAsync();
        var second = await NewTenantAsync();
        var clients = services.Select(s => (First: ClientFor(s, first), Second: ClientFor(s, second))).ToList();
        await WarmUpAsync(services, clients.SelectMany(c => new[] { (c.First, first), (c.Second, second) }));

        // Waves 1/3 s apart from just after a second boundary: every full second gets three waves
        // (54 calls per account against a limit of 5), round-robin over the processes.
        IEnumerable<(string, Func<Task<ApiResponse>>)> Wave(int wave) =>
            Enumerable.Range(wave * CallsPerWavePerAccount, CallsPerWavePerAccount).SelectMany(n => new (string, Func<Task<ApiResponse>>)[]
            {
                ("first", () => clients[n % 3].First.RevokeAsync($"first-token-{n}", first.InstanceId)),
                ("second", () => clients[(n + 1) % 3].Second.RevokeAsync($"second-token-{n}", second.InstanceId)),
            });
        var calls = (await Waves.RunAsync(Waves.NextSecond(TimeSpan.FromMilliseconds(50)), WaveCount, WaveInterval, MaxInFlightPerAccount, Wave)).ToList();

        // A machine too starved of CPU to answer within a second leaves few seconds to judge (see
        // SecondTally): then, with the backlog drained, one more wave at a time at the start of a
        // second, until there are enough or the time is up.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(25);
        for (var extra = WaveCount; !EnoughToJudge(calls) && DateTimeOffset.UtcNow < deadline; extra++)
        {
            var next = extra;
            calls.AddRange(await Waves.RunAsync(Waves.NextSecond(TimeSpan.FromMilliseconds(50)), 1, WaveInterval, MaxInFlightPerAccount, _ => Wave(next)));
        }

        Assert.All(calls, AssertAdmittedOrOverFlow);
        var firstTally = await CheckAccountAsync(first, calls.Where(c => c.Label == "first").ToList());
        var secondTally = await CheckAccountAsync(second, calls.Where(c => c.Label == "second").ToList());
        output.WriteLine("first account\n" + firstTally.Describe(Limit));
        output.WriteLine("second account\n" + secondTally.Describe(Limit));

        // Per second, each account got its own limit: the other account's load never took a slot.
        firstTally.AssertLimit(Limit, MinimumSaturatedSeconds);
        secondTally.AssertLimit(Limit, MinimumSaturatedSeconds);
    }

    private static bool EnoughToJudge(List<TimedCall> calls) =>
        calls.Select(c => c.Label).Distinct().All(label =>
            new SecondTally(Action, [.. calls.Where(c => c.Label == label)], []).SaturatedSeconds(Limit).Count >= MinimumSaturatedSeconds);

    /// <summary>
    /// Before the measured burst every process has its tables, caches and code paths warm: the
    /// accounts' keys and instances through a QueryToken each (QueryToken slots are not
    /// RevokeToken's), and the admit, conflict and refuse paths through a burst of another account.
    /// </summary>
    private async Task WarmUpAsync(IReadOnlyList<ServiceProcess> services, IEnumerable<(SignedClient Client, Tenant Tenant)> clients)
    {
        var other = await NewTenantAsync();
        var warming = services.Select(s => ClientFor(s, other)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 24).Select(n => warming[n % 3].RevokeAsync($"warm-up-{n}", other.InstanceId)));
        await Task.WhenAll(clients.Select(async c =>
        {
            var answer = await c.Client.QueryAsync("warm-up", c.Tenant.InstanceId);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }));
    }

    private static void AssertAdmittedOrOverFlow(TimedCall call)
    {
        if (call.Succeeded)
        {
            Assert.Single(call.Response.Json.EnumerateObject());
            return;
        }

        Assert.True(call.OverFlowed(Action), call.Response.ToString());
        Assert.Equal("1", call.Response.Headers["retry-after"]);
        Assert.Equal(
            ["RequestId", "HostId", "Code", "Message", "Recommend"],
            call.Response.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(call.Response.RequestId, call.Response.Headers["x-acs-request-id"]);
    }

    /// <summary>
    /// The 200 answers, the meter (usage slot rows) and the revocation records are the same set of
    /// calls: no success without its meter and record, no meter or record without a success.
    /// </summary>
    private async Task<SecondTally> CheckAccountAsync(Tenant tenant, List<TimedCall> calls)
    {
        var usage = await Services.UsageAsync(tenant.AccountId);
        var slots = usage.Where(r => r.Action == Action).ToList();
        var answered = calls.Where(c => c.Succeeded).Select(c => c.Response.RequestId!).ToHashSet();
        var metered = slots.Select(r => r.RequestId!).ToHashSet();
        var recorded = (await Services.RevocationsAsync(tenant.AccountId)).Select(r => r.RequestId!).ToHashSet();

        Assert.True(calls.Count >= 150);
        Assert.Equal(slots.Count, metered.Count);
        Assert.Equal(answered.Order(), metered.Order());
        Assert.Equal(answered.Order(), recorded.Order());
        Assert.All(slots, r => Assert.Equal(tenant.InstanceId, r.InstanceId));
        Assert.All(slots, r => Assert.Equal(Action, LedgerKeys.ParseUsage(r.RowKey).Action));
        return new SecondTally(Action, calls, slots);
    }
}
