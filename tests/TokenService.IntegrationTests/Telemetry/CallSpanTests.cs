using System.Diagnostics;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Telemetry;
using TokenService.TestSupport.Proxies;

namespace TokenService.IntegrationTests.Telemetry;

[Collection(TelemetryGroup.Name)]
public sealed class CallSpanTests(StoreFixture store) : TelemetryTestBase(store)
{
    [Fact]
    public async Task RevokeTokenSpanCarriesActionCodeInstanceIdAndRequestIdWithTheCommitAsAStorageChildSpan()
    {
        var tenant = await NewTenantAsync();

        var response = await Server.ClientFor(tenant).RevokeAsync("device-token-span", tenant.InstanceId);

        ApiAssert.Success(response);
        var call = await CallSpanAsync(response.RequestId!);
        Assert.Equal("RevokeToken", call.DisplayName);
        Assert.Equal("RevokeToken", call.GetTagItem(TelemetryTags.Action));
        Assert.Equal(TelemetryTags.SuccessCode, call.GetTagItem(TelemetryTags.Code));
        Assert.Equal(tenant.InstanceId, call.GetTagItem(TelemetryTags.InstanceId));
        Assert.Equal(200, call.GetTagItem(TelemetryTags.HttpStatus));
        Assert.Equal(ActivityStatusCode.Unset, call.Status);

        var storage = Server.Spans.Where(s => s.ParentSpanId == call.SpanId).ToList();
        var commit = Assert.Single(storage, s => (string?)s.GetTagItem(TelemetryTags.StorageKind) == "Transaction");
        Assert.Equal(ActivityKind.Client, commit.Kind);
        Assert.Equal(call.TraceId, commit.TraceId);
        Assert.Equal(202, commit.GetTagItem(TelemetryTags.HttpStatus));
        Assert.InRange(commit.StartTimeUtc, call.StartTimeUtc, call.StartTimeUtc + call.Duration);
        Assert.All(storage, s => Assert.Null(s.GetTagItem("url.full")));
    }

    [Fact]
    public async Task HttpServerSpanIsNamedAfterTheActionAndParentsTheCallSpan()
    {
        var tenant = await NewTenantAsync();

        var response = await Server.ClientFor(tenant).RevokeAsync("device-token-server-span", "mqtt-cn-not-theirs");

        ApiAssert.Error(response, System.Net.HttpStatusCode.BadRequest, "InstancePermissionCheckFailed");
        var call = await CallSpanAsync(response.RequestId!);
        Assert.Equal("InstancePermissionCheckFailed", call.GetTagItem(TelemetryTags.Code));
        var http = await EventuallyAsync(() => Server.Spans.SingleOrDefault(s => s.SpanId == call.ParentSpanId), _ => true, "the HTTP server span");
        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.Equal("RevokeToken", http.DisplayName);
        Assert.Equal(response.RequestId, http.GetTagItem(TelemetryTags.RequestId));
        Assert.Equal("InstancePermissionCheckFailed", http.GetTagItem(TelemetryTags.Code));
    }

    [Fact]
    public async Task StoreThrottlingIsTracedAndTheCallLogsItsFailureInTheScopeOfItsRequestId()
    {
        var tenant = await NewTenantAsync();
        // The first attempt and the client's three retries.
        Proxy.Arm(r => r.IsTransaction, StoreFault.ServerBusyBeforeStore, times: 3);

        var response = await Server.ClientFor(tenant).RevokeAsync("device-token-busy", tenant.InstanceId);

        ApiAssert.Error(response, System.Net.HttpStatusCode.InternalServerError, "SystemOverFlow");
        var call = await CallSpanAsync(response.RequestId!);
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        var busy = Server.Spans.Where(s => s.ParentSpanId == call.SpanId && (string?)s.GetTagItem(TelemetryTags.StorageError) == "ServerBusy").ToList();
        Assert.Equal(3, busy.Count); // the first try and MaxRetries = 2
        Assert.All(busy, s => Assert.Equal(503, s.GetTagItem(TelemetryTags.HttpStatus)));
        var failure = await EventuallyAsync(
            () => Server.Logs.All.FirstOrDefault(l => l.Text.Contains("failed with", StringComparison.Ordinal) && l.Text.Contains(response.RequestId!, StringComparison.Ordinal)),
            _ => true, "the failure's log record");
        Assert.Equal(response.RequestId, failure.Scope[TokenService.Gateway.Rpc.RequestLogScope.Property]);
    }

    private Task<Activity> CallSpanAsync(string requestId) =>
        EventuallyAsync(
            () => Server.Spans.SingleOrDefault(s => s.Source.Name == ServiceTelemetry.Name && (string?)s.GetTagItem(TelemetryTags.RequestId) == requestId),
            s => s.GetTagItem(TelemetryTags.Code) is not null,
            $"the span of {requestId}");
}
