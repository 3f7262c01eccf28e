using System.Text.Json;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// Billing counts every successful call once and nothing else: a mixed load of ApplyToken,
/// QueryToken (GET and POST) and RevokeToken over two instances of one account, through three
/// processes, with RevokeToken well over its limit of 5 per second. The usage report (what
/// <c>tokenctl usage</c> prints) must equal the 200 answers per action and instance exactly.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class MeteringExactnessTests(StoreFixture store, ITestOutputHelper output) : ServiceFleetTestBase(store)
{
    private static readonly string[] Actions = ["ApplyToken", "QueryToken", "RevokeToken"];

    [Fact]
    public async Task UsageReportAndTokenctlCountExactlyTheSuccessfulCallsPerActionAndInstance()
    {
        var services = await StartServicesAsync(3);
        var tenant = await NewTenantAsync();
        string[] instances = [tenant.InstanceId, await tenant.AddInstanceAsync(Services)];
        var clients = services.Select(s => ClientFor(s, tenant)).ToList();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Tokens to query and revoke, applied through every process; these calls are metered too.
        var seeded = await Task.WhenAll(Enumerable.Range(0, 12).Select(n =>
            TimedCall.RunAsync(Label("ApplyToken", instances[n % 2]), () => clients[n % 3].ApplyAsync(instances[n % 2]))));
        Assert.All(seeded, c => Assert.True(c.Succeeded, c.Response.ToString()));
        var tokens = seeded.Select((c, n) => (Instance: instances[n % 2], Token: c.Response.Field("Token")!)).ToList();

        var mixed = await Waves.RunAsync(Waves.NextSecond(TimeSpan.FromMilliseconds(50)), 9, TimeSpan.FromSeconds(1.0 / 3), 40,
            wave => MixedWave(wave, clients, instances, tokens));
        var calls = seeded.Concat(mixed).ToList();

        // RevokeToken (12 a second against 5) overflows; ApplyToken and QueryToken stay far below 100.
        Assert.All(calls, c => Assert.True(c.Succeeded || (c.Label.StartsWith("RevokeToken", StringComparison.Ordinal) && c.OverFlowed("RevokeToken")), c.Response.ToString()));
        output.WriteLine($"{calls.Count} calls, {calls.Count(c => c.OverFlowed("RevokeToken"))} RevokeTokenOverFlow");
        Assert.All(calls.Where(c => c.Succeeded && c.Label.StartsWith("QueryToken", StringComparison.Ordinal)),
            c => Assert.True(c.Response.Field("TokenStatus") is "True" or "False", c.Response.ToString()));

        var meter = Get<UsageMeter>();
        foreach (var instance in instances)
        {
            var expected = Actions
                .Select(a => (Action: a, Calls: (long)calls.Count(c => c.Succeeded && c.Label == Label(a, instance))))
                .ToList();
            var report = await meter.ReportAsync(instance, from, DateTimeOffset.UtcNow.AddMinutes(1));

            Assert.NotNull(report);
            output.WriteLine($"{instance}: 200 answers {string.Join(", ", expected.Select(e => $"{e.Action} {e.Calls}"))}; " +
                $"meter {string.Join(", ", report.ByAction.Select(a => $"{a.Key} {a.Value}"))}, total {report.Total}, peak {report.PeakTps}/s");
            Assert.Equal(expected.Sum(e => e.Calls), report.Total);
            Assert.Equal(expected.Where(e => e.Calls > 0).Select(e => KeyValuePair.Create(e.Action, e.Calls)), report.ByAction.OrderBy(a => a.Key, StringComparer.Ordinal));
        }

        var cli = await TokenctlProcess.RunAsync(Settings, "usage", "--instance", instances[0], "--json");
        output.WriteLine("tokenctl usage --json: " + cli.StandardOutput.Trim());

        Assert.Equal(0, cli.ExitCode);
        var printed = JsonDocument.Parse(cli.StandardOutput).RootElement;
        Assert.Equal(instances[0], printed.GetProperty("InstanceId").GetString());
        Assert.Equal(calls.Count(c => c.Succeeded && c.Label.EndsWith(" " + instances[0], StringComparison.Ordinal)), printed.GetProperty("Total").GetInt64());
        foreach (var action in Actions)
        {
            Assert.Equal(calls.Count(c => c.Succeeded && c.Label == Label(action, instances[0])), printed.GetProperty("ByAction").GetProperty(action).GetInt64());
        }
    }

    /// <summary>
    /// One third of a second's load: 6 ApplyToken, 5 QueryToken by GET and 5 by POST (some for the
    /// other instance: false, still answered and metered), 4 RevokeToken of seeded and made-up tokens.
    /// </summary>
    private static IEnumerable<(string, Func<Task<ApiResponse>>)> MixedWave(
        int wave, List<SignedClient> clients, string[] instances, List<(string Instance, string Token)> tokens)
    {
        for (var i = 0; i < 20; i++)
        {
            var n = wave * 20 + i;
            var client = clients[n % 3];
            var (tokenInstance, token) = tokens[n % tokens.Count];
            var instance = n % 7 == 0 ? instances[0] : tokenInstance;
            yield return i switch
            {
                < 6 => (Label("ApplyToken", instances[i % 2]), () => client.ApplyAsync(instances[i % 2])),
                < 11 => (Label("QueryToken", instance), () => client.QueryAsync(token, instance, "GET")),
                < 16 => (Label("QueryToken", instance), () => client.QueryAsync(token, instance, "POST")),
                _ when n % 2 == 0 => (Label("RevokeToken", tokenInstance), () => client.RevokeAsync(token, tokenInstance)),
                _ => (Label("RevokeToken", instances[n % 2]), () => client.RevokeAsync($"made-up-token-{n}", instances[n % 2])),
            };
        }
    }

    private static string Label(string action, string instance) => action + " " + instance;
}
