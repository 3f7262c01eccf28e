using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class EventGridTests(CompiledInfra infra)
{
    [Fact]
    public void NoEventGridNamespaceIsDeployedByDefault() =>
        Assert.Empty(infra.PredictedOfType("Microsoft.EventGrid/namespaces"));

    [Fact]
    public void TheOptionalNamespaceAuthenticatesClientsThroughTheServiceWebhookWithItsOwnIdentity()
    {
        var namespaces = infra.TemplateResources().Where(r => r.Text("type") == "Microsoft.EventGrid/namespaces").ToList();

        var resource = Assert.Single(namespaces);
        var text = resource.GetRawText();
        Assert.Contains("/broker/eventgrid/authn", text, StringComparison.Ordinal);
        Assert.Contains("azureActiveDirectoryApplicationIdOrUri", text, StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", resource.Text("identity", "type"));
    }
}
