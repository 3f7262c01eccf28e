using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.TestSupport.Processes;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// Mixed RevokeToken, ApplyToken and QueryToken from three service processes while their store is
/// frozen (SIGSTOP for 7 s, longer than the call budget, then SIGCONT), stopped (SIGINT, waited for: Azurite writes its table
/// store to disk only every 5 s, so SIGTERM or SIGKILL would lose writes it had acknowledged, an
/// emulator trait) and started again in place with its data. Afterwards the 200s, the meter rows
/// and the revocation records are the same calls, every other answer is a documented 500, and
/// every process answers again without a restart. Commits that reached the frozen store before
/// their call ran out of its budget land after the 500 and are withdrawn by the ledger's fence,
/// so the store is read once it settled. This class has its own Azurite.
/// </summary>
public sealed class FaultsUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 9;
    private static readonly TimeSpan PauseFor = TimeSpan.FromSeconds(7);
    private static readonly string[] FenceOutcomes = ["Fenced", "Withdrawn", "AlreadySettled", "NonceOfAnotherCall"];
    private static readonly string[] ServerErrorCodes = ["InternalError", "SystemOverFlow"];

    private readonly List<ServiceProcess> _processes = [];
    private Azurite _azurite = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        // Limits out of the way: this run is about faults, not throttling.
        var settings = new ServiceSettings(_azurite.ConnectionString, new Dictionary<string, string>
        {
            ["RateLimit__RevokeToken"] = "1000", ["RateLimit__ApplyToken"] = "1000", ["RateLimit__QueryToken"] = "1000",
        });
        _services = settings.BuildServices();
        _processes.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(settings))));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task AfterPauseStopAndRestartOfTheStoreEveryAnswered200IsStoredEveryMeterWasAnswered200AndEveryProcessAnswers()
    {
        var tenants = new[] { await Tenant.CreateAsync(_services), await Tenant.CreateAsync(_services) };
        var http = _processes.Select(p => new HttpClient { BaseAddress = p.BaseAddress, Timeout = TimeSpan.FromSeconds(15) }).ToList();
        var clients = http.Select(h => tenants.Select(t => new SignedClient(h, t.AccessKeyId, t.Secret)).ToArray()).ToList();
        var calls = new ConcurrentBag<LoadCall>();
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w, tenants, clients, calls, watch, stop.Token))));

        await Task.Delay(TimeSpan.FromSeconds(4));
        await _azurite.PauseAsync();
        // Longer than the 5 s call budget: calls whose commit the frozen store holds in its socket
        // buffers are answered SystemOverFlow, and the store applies those commits when it wakes up.
        await Task.Delay(PauseFor);
        await _azurite.ResumeAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await _azurite.StopGracefullyAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await _azurite.StartAgainAsync();
        var recoveries = await Task.WhenAll(clients.Select((c, i) => RecoveryAsync(i, c[0], tenants[0])));
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;

        var all = calls.ToList();
        // The recovery probes are metered QueryToken calls too.
        var answered = all.Where(c => c.Succeeded).Select(c => c.Answer!.RequestId!).Concat(recoveries.Select(r => r.RequestId)).ToHashSet();
        var revoked = all.Where(c => c.Succeeded && c.Action == "RevokeToken").Select(c => c.Answer!.RequestId!).ToList();

        // Commits that landed after their call was answered 500 are withdrawn by the ledger's fence
        // in the background: the store is judged once the fences had their time (at most 60 s).
        var settling = Stopwatch.StartNew();
        var (metered, recorded) = await StoredAsync(tenants);
        var lateMeters = metered.Except(answered).Count();
        var lateRecords = recorded.Except(revoked).Count();
        var firstRead = settling.Elapsed;
        var reads = 1;
        while (!(metered.Order().SequenceEqual(answered.Order()) && recorded.Order().SequenceEqual(revoked.Order())) && settling.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
            (metered, recorded) = await StoredAsync(tenants);
            reads++;
        }

        var settled = settling.Elapsed;

        var fenced = 0;
        foreach (var tenant in tenants)
        {
            fenced += (await _services.LedgerAsync(tenant.AccountId, LedgerKeys.NoncePrefix)).Count(r => r.Aborted == true);
        }

        // The processes' own account of each fence (their log line per settled call).
        var logs = string.Join('\n', _processes.Select(p => p.Output));
        var outcomes = string.Join(", ", FenceOutcomes.Select(o => $"{o} {CountOf(logs, "settled: " + o)}"));
        output.WriteLine($"store frozen {PauseFor.TotalSeconds:F0} s; when the load ended {lateMeters} meter rows and {lateRecords} records of calls answered 500 " +
            $"were still stored ({firstRead.TotalSeconds:F1} s to read), the store read as settled after {reads} reads, {settled.TotalSeconds:F1} s; {fenced} nonce rows are fences; fences by outcome: {outcomes}, " +
            $"given up {CountOf(logs, "Gave up settling")}");
        output.WriteLine(LoadCall.Figures(all, recorded.Count, metered.Count, recoveries.Select(r => (r.Process, r.Recovery))));
        Assert.All(all, c => Assert.True(c.Answer is not null, $"{c.Action} to process {c.Process} at {c.Started}: no answer ({c.ClientError})"));
        Assert.All(all.Where(c => !c.Succeeded), c =>
        {
            Assert.Equal(HttpStatusCode.InternalServerError, c.Answer!.Status);
            Assert.Contains(c.Answer.Code, ServerErrorCodes);
            ApiAssert.RequestId(c.Answer);
        });
        Assert.Equal(metered.Count, metered.Distinct().Count());
        Assert.Equal(answered.Order(), metered.Order());
        Assert.Equal(revoked.Order(), recorded.Order());
        Assert.Contains(all, c => !c.Succeeded);
        Assert.DoesNotContain("Gave up settling", logs, StringComparison.Ordinal);
        Assert.True(all.Count(c => c.Succeeded) > 100, "the load should have gone through between the faults");
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task<(List<string> Metered, List<string> Recorded)> StoredAsync(Tenant[] tenants)
    {
        var metered = new List<string>();
        var recorded = new List<string>();
        foreach (var tenant in tenants)
        {
            metered.AddRange((await _services.UsageAsync(tenant.AccountId)).Select(r => r.RequestId!));
            recorded.AddRange((await _services.RevocationsAsync(tenant.AccountId)).Select(r => r.RequestId!));
        }

        return (metered, recorded);
    }

    private static async Task WorkAsync(int worker, Tenant[] tenants, List<SignedClient[]> clients, ConcurrentBag<LoadCall> calls, Stopwatch watch, CancellationToken stop)
    {
        var random = new Random(worker);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var (process, account) = (random.Next(3), random.Next(2));
            var (client, instance) = (clients[process][account], tenants[account].InstanceId);
            var action = new[] { "RevokeToken", "ApplyToken", "QueryToken" }[random.Next(3)];
            var token = $"load-{worker}-{n}";
            var started = watch.Elapsed;
            try
            {
                var answer = await (action switch
                {
                    "RevokeToken" => client.RevokeAsync(token, instance),
                    "ApplyToken" => client.ApplyAsync(instance),
                    _ => client.QueryAsync(token, instance),
                });
                calls.Add(new LoadCall(action, tenants[account].AccountId, process, token, started, watch.Elapsed - started, answer, null));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                calls.Add(new LoadCall(action, tenants[account].AccountId, process, token, started, watch.Elapsed - started, null, e.GetType().Name));
            }
        }
    }

    /// <summary>How long after the store is back a process answers 200 again (polled every 100 ms, at most 30 s).</summary>
    private static async Task<(int Process, TimeSpan Recovery, string RequestId)> RecoveryAsync(int process, SignedClient client, Tenant tenant)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                var answer = await client.QueryAsync("recovery-probe", tenant.InstanceId);
                if (answer.Status == HttpStatusCode.OK)
                {
                    return (process, watch.Elapsed, answer.RequestId!);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"process {process} did not answer 200 within 30 s of the store's restart");
    }
}
