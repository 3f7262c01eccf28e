using System.Globalization;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Telemetry;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>The broker decisions are counted by broker and result, and nothing about the device becomes a dimension.</summary>
[Collection(TelemetryGroup.Name)]
public sealed class BrokerMetricsTests(StoreFixture store)
    : TelemetryTestBase(store, new Dictionary<string, string> { ["Brokers__Key"] = BrokerKey })
{
    private const string BrokerKey = "broker-metrics-test-key";
    private const string Decisions = "tokenservice.broker.decisions";

    [Fact]
    public async Task EachConnectAndTopicCheckCountsOneDecisionUnderItsResult()
    {
        var tenant = await NewTenantAsync();
        var applied = await Server.ClientFor(tenant).CallAsync("ApplyToken", new Dictionary<string, string>
        {
            ["InstanceId"] = tenant.InstanceId,
            ["Resources"] = "metrics/#",
            ["Actions"] = "R,W",
            ["ExpireTime"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        });
        ApiAssert.Success(applied, "Token");
        var username = $"Token|{tenant.AccessKeyId}|{tenant.InstanceId}";
        const string clientId = "metrics-device-7f3a";
        long Count(string result) => Server.CounterValue(Decisions, (TelemetryTags.Broker, "rabbitmq"), (TelemetryTags.BrokerResult, result));
        var before = new[] { BrokerMetrics.ConnectAllowed, BrokerMetrics.ConnectDenied, BrokerMetrics.TopicAllowed, BrokerMetrics.TopicDenied }
            .ToDictionary(r => r, Count);

        Assert.Equal("allow", await AskAsync("user", new() { ["username"] = username, ["password"] = "RW|" + applied.Field("Token"), ["client_id"] = clientId }));
        Assert.Equal("deny", await AskAsync("user", new() { ["username"] = username, ["password"] = "RW|not-a-token", ["client_id"] = clientId }));
        var topic = new Dictionary<string, string>
        {
            ["username"] = username, ["vhost"] = "/", ["resource"] = "topic", ["name"] = "amq.topic", ["permission"] = "write",
            ["routing_key"] = "metrics.a", ["variable_map.client_id"] = clientId,
        };
        Assert.Equal("allow", await AskAsync("topic", topic));
        topic["routing_key"] = "elsewhere.a";
        Assert.Equal("deny", await AskAsync("topic", topic));

        await EventuallyAsync(() => (long?)Count(BrokerMetrics.TopicDenied), value => value == before[BrokerMetrics.TopicDenied] + 1, "the denied topic check's count");
        Assert.Equal(before[BrokerMetrics.ConnectAllowed] + 1, Count(BrokerMetrics.ConnectAllowed));
        Assert.Equal(before[BrokerMetrics.ConnectDenied] + 1, Count(BrokerMetrics.ConnectDenied));
        Assert.Equal(before[BrokerMetrics.TopicAllowed] + 1, Count(BrokerMetrics.TopicAllowed));
        Assert.DoesNotContain(Server.CollectMetrics().SelectMany(m => m.MetricPoints),
            p => ExportedText.TagsOf(p).Any(t => t.Value is string value && (value.Contains(clientId, StringComparison.Ordinal) || value.Contains(tenant.AccessKeyId, StringComparison.Ordinal))));
    }

    private async Task<string> AskAsync(string check, Dictionary<string, string> fields)
    {
        using var response = await Server.Http.PostAsync($"broker/rabbitmq/{check}?code={BrokerKey}", new FormUrlEncodedContent(fields));
        Assert.True(response.IsSuccessStatusCode, $"{check}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
