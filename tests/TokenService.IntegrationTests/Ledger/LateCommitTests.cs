using System.Diagnostics;
using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.TestSupport.Proxies;
using TokenService.Tokens;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Ledger;

/// <summary>
/// A commit that reaches the store only after its call ran out of the call budget (a proxy holds
/// the call's transactions, then forwards them once the call was answered, as a frozen store's
/// socket buffers do): the call is answered a documented 500 with its RequestId, and afterwards
/// the store holds no meter and no record of it, although its transaction did land.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class LateCommitTests(StoreFixture store, ITestOutputHelper output) : ServiceFleetTestBase(store)
{
    private static readonly string[] ServerErrorCodes = ["SystemOverFlow", "InternalError"];

    [Fact]
    public async Task ARevocationThatLandsAfterItsCallWasAnsweredSystemOverFlowIsWithdrawnWithItsMeter()
    {
        var proxy = await StartFaultProxyAsync();
        var service = await StartServiceThroughAsync(proxy);
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        // Key and instance are now in the process's cache: the late call's only storage requests are its commit's.
        ApiAssert.Success(await client.RevokeAsync("before", tenant.InstanceId));

        var commits = proxy.Arm(r => r.IsTransaction && !r.IsFence, StoreFault.HeldThenForwarded, int.MaxValue);
        var fences = proxy.Arm(r => r.IsTransaction, StoreFault.StallBeforeStore, int.MaxValue);
        var parameters = client.Sign("POST", client.Parameters("RevokeToken", new Dictionary<string, string> { ["Token"] = "late", ["InstanceId"] = tenant.InstanceId }));
        var watch = Stopwatch.StartNew();
        var answer = await client.SendAsync("POST", parameters);
        output.WriteLine($"{answer.Code} after {watch.Elapsed.TotalSeconds:F1} s, {commits.Hits} commit tries held");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Contains(answer.Code, ServerErrorCodes);
        ApiAssert.Error(answer, HttpStatusCode.InternalServerError, answer.Code!);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(7), $"answered after {watch.Elapsed}");

        // The store wakes up: the held tries reach it after the answer, and one of them lands.
        var held = commits.Hits;
        commits.Release();
        await WaitUntilAsync(() => Task.FromResult(commits.Forwarded == held), "the held commit tries reach the store");
        Assert.Contains(await Services.UsageAsync(tenant.AccountId), r => r.RequestId == answer.RequestId);

        // The fence reaches the store too: it finds the late commit and withdraws it.
        fences.Disarm();
        await WaitUntilAsync(async () => !(await Services.UsageAsync(tenant.AccountId)).Any(r => r.RequestId == answer.RequestId),
            "the late commit's meter row is gone");

        Assert.True((await NonceRowAsync(tenant, answer.RequestId!))?.Aborted, "the call's nonce row is the fence");
        var records = await Services.RevocationsAsync(tenant.AccountId);
        Assert.DoesNotContain(records, r => r.RequestId == answer.RequestId);
        Assert.Single(records);
        var recordKey = LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("late"));
        Assert.DoesNotContain(await Services.LedgerAsync(tenant.AccountId, LedgerKeys.ExpiryPrefix), r => r.RowKey.EndsWith(recordKey, StringComparison.Ordinal));

        // The nonce stays used: the same signed request again is a replay. A new call revokes the token.
        ApiAssert.Error(await client.SendAsync("POST", parameters), HttpStatusCode.BadRequest, "SignatureNonceUsed");
        var again = await client.RevokeAsync("late", tenant.InstanceId);
        ApiAssert.Success(again);
        Assert.Contains(await Services.RevocationsAsync(tenant.AccountId), r => r.RequestId == again.RequestId);
        Assert.Equal(
            (await Services.RevocationsAsync(tenant.AccountId)).Select(r => r.RequestId).Order(),
            (await Services.UsageAsync(tenant.AccountId)).Select(r => r.RequestId).Order());
    }

    private async Task<LedgerEntity?> NonceRowAsync(Tenant tenant, string requestId) =>
        (await Services.LedgerAsync(tenant.AccountId, LedgerKeys.NoncePrefix)).SingleOrDefault(r => r.RequestId == requestId);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"not within 30 s: {what}");
            await Task.Delay(100);
        }
    }
}
