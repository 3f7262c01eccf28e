using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class MonitoringTests(CompiledInfra infra)
{
    [Fact]
    public void ApplicationInsightsRefusesLocalAuthentication()
    {
        var component = infra.SinglePredicted("Microsoft.Insights/components");
        Assert.Equal("true", component.Text("properties", "DisableLocalAuth"));
    }

    [Fact]
    public void ApplicationInsightsSendsToTheLogAnalyticsWorkspace()
    {
        var component = infra.SinglePredicted("Microsoft.Insights/components");
        var workspace = infra.SinglePredicted("Microsoft.OperationalInsights/workspaces");
        Assert.Equal(workspace.Text("id"), component.Text("properties", "WorkspaceResourceId"));
    }

    [Fact]
    public void LogAnalyticsRefusesLocalAuthentication()
    {
        var workspace = infra.SinglePredicted("Microsoft.OperationalInsights/workspaces");
        Assert.Equal("true", workspace.Text("properties", "features", "disableLocalAuth"));
    }
}
