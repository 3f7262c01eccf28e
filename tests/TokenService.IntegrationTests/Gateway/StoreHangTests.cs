using System.Diagnostics;
using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.TestSupport.Proxies;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Gateway;

/// <summary>
/// A store that accepts connections but never answers (a proxy that holds every request): each
/// call is still answered within the call budget (5 s by default, Storage__CallBudgetSeconds) with
/// a 500 SystemOverFlow or InternalError and its RequestId, leaves nothing stored, and the same
/// process serves again as soon as the store answers.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class StoreHangTests(StoreFixture store, ITestOutputHelper output) : ServiceFleetTestBase(store)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    private static readonly string[] ServerErrorCodes = ["SystemOverFlow", "InternalError"];

    // The budget plus the time to write the answer on a busy machine.
    private static readonly TimeSpan AnswerBound = Budget + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task CallsWhileTheStoreHangsAreAnsweredWithinTheBudgetAndLeaveNothingStored()
    {
        var proxy = await StartFaultProxyAsync();
        var service = await StartServiceThroughAsync(proxy);
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync("before", tenant.InstanceId)).Status);

        var hang = proxy.Arm(_ => true, StoreFault.StallBeforeStore, int.MaxValue);
        var watch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async n =>
        {
            var answer = await client.RevokeAsync($"during-{n}", tenant.InstanceId);
            return (Answer: answer, Elapsed: watch.Elapsed);
        }));
        var query = await client.CallAsync("QueryToken", new Dictionary<string, string> { ["Token"] = "before", ["InstanceId"] = tenant.InstanceId }, "GET");
        hang.Disarm();
        var after = await client.RevokeAsync("after", tenant.InstanceId);

        foreach (var (answer, elapsed) in answers)
        {
            output.WriteLine($"{answer.Code} after {elapsed.TotalSeconds:F1} s");
            Assert.True(elapsed < AnswerBound, $"answered after {elapsed}");
            Assert.Contains(answer.Code, ServerErrorCodes);
            ApiAssert.Error(answer, HttpStatusCode.InternalServerError, answer.Code!);
        }

        ApiAssert.Error(query, HttpStatusCode.InternalServerError, query.Code!);
        Assert.True(hang.Hits >= 3, $"{hang.Hits} requests held");
        ApiAssert.Success(after);
        var recorded = (await Services.RevocationsAsync(tenant.AccountId)).Select(r => r.RequestId).ToList();
        var metered = (await Services.UsageAsync(tenant.AccountId)).Select(r => r.RequestId).ToList();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(recorded.Order(), metered.Order());
        Assert.DoesNotContain(answers, a => recorded.Contains(a.Answer.RequestId));
    }
}
