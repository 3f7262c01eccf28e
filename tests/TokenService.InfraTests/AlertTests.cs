using System.Text.Json;
using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class AlertTests(CompiledInfra infra)
{
    [Theory]
    [InlineData("5xx", "http.response.status_code", "0.01")]
    [InlineData("SystemOverFlow", "\"SystemOverFlow\"", "0.01")]
    [InlineData("ServerBusy", "tokenservice.storage.failures", "10")]
    [InlineData("p99", "percentile(seconds, 99)", "1")]
    public void AlertRuleQueriesTheServicesTelemetryInApplicationInsights(string displayNamePart, string queryPart, string threshold)
    {
        var rule = Assert.Single(Rules(), r => r.Text("properties", "displayName").Contains(displayNamePart, StringComparison.Ordinal));
        var criterion = Assert.Single(rule.Prop("properties", "criteria", "allOf").EnumerateArray());

        Assert.Equal("true", rule.Text("properties", "enabled"));
        Assert.Equal(Component().Text("id"), Assert.Single(rule.Prop("properties", "scopes").EnumerateArray()).GetString());
        Assert.Contains(queryPart, criterion.Text("query"), StringComparison.Ordinal);
        Assert.Equal("GreaterThan", criterion.Text("operator"));
        Assert.Equal(threshold, criterion.Text("threshold"));
        Assert.Equal("PT5M", rule.Text("properties", "windowSize"));
    }

    [Fact]
    public void RevocationToDisconnectAlertFiresOnTheP99AboveOneSecond()
    {
        var rule = Assert.Single(Rules(), r => r.Text("properties", "displayName").Contains("p99", StringComparison.Ordinal));
        var criterion = rule.Prop("properties", "criteria", "allOf")[0];

        Assert.Contains("tokenservice.revocation_to_disconnect_s", criterion.Text("query"), StringComparison.Ordinal);
        Assert.Equal("p99", criterion.Text("metricMeasureColumn"));
        Assert.Equal(1, criterion.Prop("threshold").GetDouble());
    }

    [Fact]
    public void WorkbookChartsTheServicesMetricsFromItsComponent()
    {
        var workbook = infra.SinglePredicted("Microsoft.Insights/workbooks");
        var content = JsonDocument.Parse(workbook.Text("properties", "serializedData")).RootElement;
        var queries = content.Prop("items").EnumerateArray()
            .Where(i => i.GetProperty("type").GetInt32() == 3)
            .Select(i => i.Text("content", "query"))
            .ToList();

        Assert.Equal(Component().Text("id"), workbook.Text("properties", "sourceId"));
        foreach (var metric in new[] { "tokenservice.calls", "tokenservice.call.duration", "tokenservice.calls.throttled", "tokenservice.storage.failures", "tokenservice.broker.decisions", "tokenservice.purge.rows_removed" })
        {
            Assert.Contains(queries, q => q.Contains($"\"{metric}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AlertsAndWorkbookHoldNoKeyOrInstrumentationKey()
    {
        var text = string.Join('\n', Rules().Append(infra.SinglePredicted("Microsoft.Insights/workbooks")).Select(r => r.GetRawText()));

        Assert.DoesNotContain("InstrumentationKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ConnectionString", text, StringComparison.OrdinalIgnoreCase);
        Assert.False(SecretPatterns.LooksLikeSecret(text));
    }

    private IReadOnlyList<JsonElement> Rules()
    {
        var rules = infra.PredictedOfType("Microsoft.Insights/scheduledQueryRules");
        Assert.Equal(4, rules.Count);
        return rules;
    }

    private JsonElement Component() => infra.SinglePredicted("Microsoft.Insights/components");
}
