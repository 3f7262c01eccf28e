using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.TestSupport.Proxies;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// What a call costs the store, counted at a proxy in front of it, once the process is warm (tables
/// created, AccessKey and instance cached for <c>Directory__CacheSeconds</c>). These are the
/// numbers the README quotes.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class StoreRoundTripTests(StoreFixture store, ITestOutputHelper output)
    : ServiceFleetTestBase(store, new Dictionary<string, string> { ["Directory__CacheSeconds"] = "300" })
{
    [Fact]
    public async Task AdmittedCallsCostOneTransactionAndQueryTokenOfAGenuineTokenOneReadMore()
    {
        var proxy = await StartFaultProxyAsync();
        var service = await StartServiceThroughAsync(proxy);
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var token = (await client.ApplyAsync(tenant.InstanceId)).Field("Token")!;
        var measured = new List<(string Call, IReadOnlyList<ProxiedRequest> Requests)>();

        for (var i = 0; i < 5; i++)
        {
            var n = i;
            measured.Add(await MeasureAsync(proxy, "RevokeToken", () => client.RevokeAsync($"token-{n}", tenant.InstanceId)));
            measured.Add(await MeasureAsync(proxy, "ApplyToken", () => client.ApplyAsync(tenant.InstanceId)));
            measured.Add(await MeasureAsync(proxy, "QueryToken genuine", () => client.QueryAsync(token, tenant.InstanceId)));
            measured.Add(await MeasureAsync(proxy, "QueryToken not genuine", () => client.QueryAsync("not-a-token", tenant.InstanceId, "POST")));
        }

        foreach (var (call, requests) in measured)
        {
            output.WriteLine($"{call}: {requests.Count} request(s): {string.Join(" ; ", requests)}");
        }

        Assert.All(measured.Where(m => m.Call is "RevokeToken" or "ApplyToken" or "QueryToken not genuine"),
            m => Assert.True(Assert.Single(m.Requests).IsTransaction, m.Call));
        Assert.All(measured.Where(m => m.Call == "QueryToken genuine"), m =>
        {
            Assert.Equal(2, m.Requests.Count);
            Assert.True(m.Requests[0].IsPointReadOf(Settings.TablePrefix + "Ledger"), m.Requests[0].ToString());
            Assert.Contains("RowKey='r|" + tenant.InstanceId + "|", m.Requests[0].Path, StringComparison.Ordinal);
            Assert.True(m.Requests[1].IsTransaction);
        });
    }

    [Fact]
    public async Task TheFirstCallOfAFreshProcessReadsItsKeyAndInstanceCreatesNoTableAndSendsNoEmptyColumns()
    {
        var tenant = await NewTenantAsync();
        var proxy = await StartFaultProxyAsync();
        var service = await StartServiceThroughAsync(proxy);
        proxy.ClearRequests();

        var answer = await ClientFor(service, tenant).RevokeAsync("first-call", tenant.InstanceId);

        ApiAssert.Success(answer);
        var requests = proxy.Requests;
        output.WriteLine(string.Join(Environment.NewLine, requests));
        Assert.Equal(3, requests.Count);
        Assert.Contains(requests, r => r.IsPointReadOf(Settings.TablePrefix + "AccessKeys"));
        Assert.Contains(requests, r => r.IsPointReadOf(Settings.TablePrefix + "Instances"));
        var commit = Assert.Single(requests, r => r.IsTransaction);
        Assert.DoesNotContain(requests, r => r.Path.EndsWith("/Tables", StringComparison.Ordinal));

        // Each row carries only the columns its kind uses: the slot and the nonce do not carry the
        // revocation's columns, and no column is sent as an explicit null.
        Assert.DoesNotContain(":null", commit.BodyText.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(commit.BodyText, "\"RevokedAt\""));
        Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
    }

    [Fact]
    public async Task ACallOverTheLimitCostsOneNonceReadOnceTheProcessKnowsTheSecondIsFull()
    {
        var proxy = await StartFaultProxyAsync();
        var service = await StartServiceThroughAsync(proxy);
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        Assert.Equal(HttpStatusCode.OK, (await client.ApplyAsync(tenant.InstanceId)).Status);

        // Seven revocations in one second against a limit of 5; a run that straddles a second
        // boundary (a starved machine) is repeated in the next second.
        for (var run = 0; ; run++)
        {
            await Waves.DelayUntilAsync(Waves.NextSecond(TimeSpan.FromMilliseconds(20)));
            var measured = new List<(string Call, IReadOnlyList<ProxiedRequest> Requests)>();
            var started = DateTimeOffset.UtcNow;
            for (var i = 0; i < 7; i++)
            {
                var n = $"{run}-{i}";
                measured.Add(await MeasureAsync(proxy, $"RevokeToken {i + 1}", () => client.RevokeAsync($"token-{n}", tenant.InstanceId), expectOk: false));
            }

            if (started.ToUnixTimeSeconds() != DateTimeOffset.UtcNow.ToUnixTimeSeconds() && run < 3)
            {
                continue;
            }

            foreach (var (call, requests) in measured)
            {
                output.WriteLine($"{call}: {requests.Count} request(s): {string.Join(" ; ", requests)}");
            }

            Assert.All(measured.Take(5), m => Assert.True(Assert.Single(m.Requests).IsTransaction, m.Call));
            Assert.All(measured.Skip(5), m => Assert.True(Assert.Single(m.Requests).IsPointReadOf(Settings.TablePrefix + "Ledger"), m.Call));
            Assert.All(measured.Skip(5), m => Assert.Contains("RowKey='n|", m.Requests[0].Path, StringComparison.Ordinal));
            return;
        }
    }

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static async Task<(string, IReadOnlyList<ProxiedRequest>)> MeasureAsync(
        FaultProxy proxy, string call, Func<Task<ApiResponse>> send, bool expectOk = true)
    {
        proxy.ClearRequests();
        var answer = await send();
        if (expectOk)
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }

        return (call, proxy.Requests);
    }
}
