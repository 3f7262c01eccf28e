using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Rpc;
using TokenService.TestSupport.Proxies;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// The store fails under a call, through a fault-injecting proxy between the service and Azurite:
/// before the call's transaction reaches the store (nothing may be stored or metered), after it
/// committed with the answer lost (the SDK's retry must count it once, not twice or never), and on
/// the reads before it (nothing metered). The service's TableClient retries 3 times.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class StoreFailureTests(StoreFixture store, ITestOutputHelper output) : ServiceFleetTestBase(store)
{
    private const int SdkAttempts = 3; // the first try and MaxRetries = 2

    [Theory]
    [InlineData(StoreFault.ServerBusyBeforeStore, "SystemOverFlow")]
    [InlineData(StoreFault.InternalErrorBeforeStore, "InternalError")]
    public async Task ATransactionTheStoreNeverGetsAnswers500AndStoresNothing(StoreFault fault, string code)
    {
        var (proxy, client, tenant) = await StartThroughProxyAsync();
        var refused = proxy.Arm(r => r.IsTransaction, fault, times: int.MaxValue);

        var answer = await client.RevokeAsync("token-1", tenant.InstanceId);

        LogRequests(proxy);
        AssertOpaqueServerError(answer, code);
        // The call's own tries; the ledger's fence, refused as well while the fault is armed, tries on in the background.
        Assert.Equal(SdkAttempts, proxy.Requests.Count(r => r.Fault == fault && !r.IsFence));
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));

        // The store is back: the same call (a new nonce, as an SDK's retry sends) goes through, once.
        refused.Disarm();
        var retried = await client.RevokeAsync("token-1", tenant.InstanceId);

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(retried.RequestId, Assert.Single(await Services.UsageAsync(tenant.AccountId)).RequestId);
        Assert.Equal(retried.RequestId, Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).RequestId);
    }

    [Theory]
    [InlineData(StoreFault.ConnectionDroppedAfterStore)]
    [InlineData(StoreFault.ServerBusyAfterStore)]
    public async Task ATransactionThatCommittedButLostItsAnswerIsRetriedAndCountedOnce(StoreFault fault)
    {
        var (proxy, client, tenant) = await StartThroughProxyAsync();
        var lost = proxy.Arm(r => r.IsTransaction, fault, times: 1);

        var answer = await client.RevokeAsync("token-1", tenant.InstanceId);

        LogRequests(proxy);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(1, lost.Hits);
        // The committed transaction and the SDK's retry of it (which conflicts on the slot).
        Assert.True(proxy.Requests.Count(r => r.IsTransaction) >= 2, string.Join("\n", proxy.Requests));
        var rows = await Services.LedgerAsync(tenant.AccountId);
        Assert.Equal(answer.RequestId, Assert.Single(rows, r => r.RowKey.StartsWith(LedgerKeys.UsagePrefix, StringComparison.Ordinal)).RequestId);
        Assert.Equal(answer.RequestId, Assert.Single(rows, r => r.RowKey.StartsWith(LedgerKeys.RevocationPrefix, StringComparison.Ordinal)).RequestId);
        Assert.Equal(answer.RequestId, Assert.Single(rows, r => r.RowKey.StartsWith(LedgerKeys.NoncePrefix, StringComparison.Ordinal)).RequestId);
        Assert.Equal(1, (await Get<UsageMeter>().ReportAsync(tenant.InstanceId, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)))!.Total);
    }

    [Fact]
    public async Task AFailingRevocationReadAnswersSystemOverFlowAndMetersNothing()
    {
        var (proxy, client, tenant) = await StartThroughProxyAsync();
        var token = (await client.ApplyAsync(tenant.InstanceId)).Field("Token")!;
        var before = await Services.LedgerAsync(tenant.AccountId);
        proxy.ClearRequests();
        var refused = proxy.Arm(r => r.IsPointReadOf(Settings.TablePrefix + "Ledger") && r.Path.Contains("RowKey='r|", StringComparison.Ordinal),
            StoreFault.ServerBusyBeforeStore, times: int.MaxValue);

        var answer = await client.QueryAsync(token, tenant.InstanceId);

        LogRequests(proxy);
        AssertOpaqueServerError(answer, "SystemOverFlow");
        Assert.Equal(SdkAttempts, refused.Hits);
        Assert.DoesNotContain(proxy.Requests, r => r.IsTransaction);
        Assert.Equal(before.Select(r => r.RowKey).Order(), (await Services.LedgerAsync(tenant.AccountId)).Select(r => r.RowKey).Order());

        refused.Disarm();
        var retried = await client.QueryAsync(token, tenant.InstanceId);

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal("True", retried.Field("TokenStatus"));
        Assert.Single(await Services.UsageAsync(tenant.AccountId), r => r.Action == "QueryToken");
    }

    [Fact]
    public async Task AFailingAccessKeyLookupAnswersInternalErrorAndMetersNothing()
    {
        var (proxy, client, tenant) = await StartThroughProxyAsync();
        var refused = proxy.Arm(r => r.IsPointReadOf(Settings.TablePrefix + "AccessKeys"), StoreFault.InternalErrorBeforeStore, times: int.MaxValue);

        var answer = await client.RevokeAsync("token-1", tenant.InstanceId);

        LogRequests(proxy);
        AssertOpaqueServerError(answer, "InternalError");
        Assert.Equal(SdkAttempts, refused.Hits);
        Assert.DoesNotContain(proxy.Requests, r => r.IsTransaction);
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));

        // A failed look-up is not cached: the key works as soon as the store answers again.
        refused.Disarm();
        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync("token-1", tenant.InstanceId)).Status);
    }

    /// <summary>
    /// A service whose storage goes through a fresh proxy, with its tables created (by a call of
    /// another account) so that the proxy's log holds only what the test's calls do.
    /// </summary>
    private async Task<(FaultProxy Proxy, SignedClient Client, Tenant Tenant)> StartThroughProxyAsync()
    {
        var proxy = await StartFaultProxyAsync();
        var service = await StartServiceThroughAsync(proxy);
        var other = await NewTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(service, other).QueryAsync("warm-up", other.InstanceId)).Status);
        var tenant = await NewTenantAsync();
        proxy.ClearRequests();
        return (proxy, ClientFor(service, tenant), tenant);
    }

    private void LogRequests(FaultProxy proxy)
    {
        foreach (var request in proxy.Requests)
        {
            output.WriteLine(request.ToString());
        }
    }

    /// <summary>A 500 with the catalogue's code and message, the RequestId, and nothing about the store.</summary>
    private static void AssertOpaqueServerError(ApiResponse answer, string code)
    {
        var expected = code == "SystemOverFlow" ? ErrorCatalog.SystemOverFlow : ErrorCatalog.InternalError;
        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal(code, answer.Code);
        Assert.Equal(expected.Message, answer.Field("Message"));
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", answer.RequestId!);
        Assert.Equal(answer.RequestId, answer.Headers["x-acs-request-id"]);
        Assert.Equal(["RequestId", "HostId", "Code", "Message", "Recommend"], answer.Json.EnumerateObject().Select(p => p.Name));
        foreach (var leak in new[] { "ServerBusy", "devstoreaccount1", "batch", "Ledger", "Exception", "Azure", "at Token", "Status:" })
        {
            Assert.DoesNotContain(leak, answer.Body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
