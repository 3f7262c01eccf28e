using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Telemetry;
using TokenService.TestSupport.Proxies;

namespace TokenService.IntegrationTests.Telemetry;

[Collection(TelemetryGroup.Name)]
public sealed class CallMetricsTests(StoreFixture store)
    : TelemetryTestBase(store, new Dictionary<string, string> { ["RateLimit__RevokeToken"] = "2" })
{
    private const string Calls = "tokenservice.calls";

    [Fact]
    public async Task CallCounterMovesByOneUnderTheAnswersCode()
    {
        var tenant = await NewTenantAsync();
        var client = Server.ClientFor(tenant);
        var succeeded = Server.CounterValue(Calls, (TelemetryTags.Action, "RevokeToken"), (TelemetryTags.Code, TelemetryTags.SuccessCode));
        var refused = Server.CounterValue(Calls, (TelemetryTags.Action, "RevokeToken"), (TelemetryTags.Code, "InstancePermissionCheckFailed"));

        ApiAssert.Success(await client.RevokeAsync("device-token-counted", tenant.InstanceId));
        ApiAssert.Error(await client.RevokeAsync("device-token-counted", "mqtt-cn-not-theirs"), HttpStatusCode.BadRequest, "InstancePermissionCheckFailed");

        await EventuallyAsync(
            () => (long?)Server.CounterValue(Calls, (TelemetryTags.Action, "RevokeToken"), (TelemetryTags.Code, "InstancePermissionCheckFailed")),
            value => value == refused + 1, "the refused call's count");
        Assert.Equal(succeeded + 1, Server.CounterValue(Calls, (TelemetryTags.Action, "RevokeToken"), (TelemetryTags.Code, TelemetryTags.SuccessCode)));
    }

    [Fact]
    public async Task UnknownActionIsCountedUnderOtherNotUnderWhatTheClientSent()
    {
        var tenant = await NewTenantAsync();

        var response = await Server.ClientFor(tenant).CallAsync("DropAllTables", new Dictionary<string, string>());

        ApiAssert.Error(response, HttpStatusCode.NotFound, "ApiNotSupport");
        await EventuallyAsync(
            () => (long?)Server.CounterValue(Calls, (TelemetryTags.Action, TelemetryTags.OtherAction), (TelemetryTags.Code, "ApiNotSupport")),
            value => value >= 1, "the unknown action's count");
        Assert.DoesNotContain(Server.CollectMetrics().SelectMany(m => m.MetricPoints), p => ExportedText.TagsOf(p).Any(t => Equals(t.Value, "DropAllTables")));
    }

    [Fact]
    public async Task ThrottledCallsAreCountedAsThrottled()
    {
        var tenant = await NewTenantAsync();
        var client = Server.ClientFor(tenant);
        var throttledBefore = Server.CounterValue("tokenservice.calls.throttled", (TelemetryTags.Action, "RevokeToken"));

        // Twelve at once against a limit of two per second: most are refused with RevokeTokenOverFlow.
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.RevokeAsync($"device-token-burst-{i}", tenant.InstanceId)));

        var overflowed = answers.Count(a => a.Code == "RevokeTokenOverFlow");
        Assert.InRange(overflowed, 1, 12);
        await EventuallyAsync(
            () => (long?)Server.CounterValue(Calls, (TelemetryTags.Action, "RevokeToken"), (TelemetryTags.Code, "RevokeTokenOverFlow")),
            value => value >= overflowed, "the overflowed calls' count");
        Assert.Equal(throttledBefore + overflowed, Server.CounterValue("tokenservice.calls.throttled", (TelemetryTags.Action, "RevokeToken")));
    }

    [Fact]
    public async Task StoreThrottlingIsCountedAsServerBusyFailuresOfTheTransaction()
    {
        var tenant = await NewTenantAsync();
        var busyBefore = Server.CounterValue("tokenservice.storage.failures", (TelemetryTags.StorageKind, "Transaction"), (TelemetryTags.StorageError, "ServerBusy"));
        var overflowBefore = Server.CounterValue(Calls, (TelemetryTags.Code, "SystemOverFlow"));
        Proxy.Arm(r => r.IsTransaction, StoreFault.ServerBusyBeforeStore, times: 3);

        ApiAssert.Error(await Server.ClientFor(tenant).RevokeAsync("device-token-store-busy", tenant.InstanceId), HttpStatusCode.InternalServerError, "SystemOverFlow");

        await EventuallyAsync(() => (long?)Server.CounterValue(Calls, (TelemetryTags.Code, "SystemOverFlow")), value => value == overflowBefore + 1, "the SystemOverFlow count");
        Assert.Equal(busyBefore + 3, Server.CounterValue("tokenservice.storage.failures", (TelemetryTags.StorageKind, "Transaction"), (TelemetryTags.StorageError, "ServerBusy")));
        Assert.True(Server.CounterValue("tokenservice.storage.requests", (TelemetryTags.StorageTable, "AccessKeys"), (TelemetryTags.HttpStatus, 200)) >= 1);
    }
}
