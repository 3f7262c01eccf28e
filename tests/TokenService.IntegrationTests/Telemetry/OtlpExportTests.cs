using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// The real server process, configured only through the standard OpenTelemetry environment
/// variables, exports over OTLP/HTTP to a receiver in the test.
/// </summary>
[Collection(TelemetryGroup.Name)]
public sealed class OtlpExportTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public async Task OtlpEndpointReceivesTheCallsSpansAndMetricsFromTheServerProcess()
    {
        await using var receiver = new OtlpReceiver();
        Settings.Values["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        Settings.Values["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        Settings.Values["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        Settings.Values["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        Settings.Values["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
        Settings.Values["OTEL_SERVICE_NAME"] = "token-service-under-test";
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();

        ApiAssert.Success(await ClientFor(service, tenant).RevokeAsync("device-token-otlp", tenant.InstanceId));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(receiver.SpanNames.Contains("RevokeToken") && receiver.MetricNames.Contains("tokenservice.calls")))
        {
            await Task.Delay(100);
        }

        Assert.Contains("RevokeToken", receiver.SpanNames);
        Assert.Contains("(batch) Transaction", receiver.SpanNames);
        Assert.Contains("tokenservice.calls", receiver.MetricNames);
        Assert.Contains("tokenservice.call.duration", receiver.MetricNames);
        Assert.Contains("token-service-under-test", receiver.AllText);
        Assert.DoesNotContain(tenant.Secret, receiver.AllText);
        Assert.DoesNotContain("device-token-otlp", receiver.AllText);
    }
}
