using System.Text.Json;
using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class FunctionAppTests(CompiledInfra infra)
{
    private JsonElement Site => infra.SinglePredicted("Microsoft.Web/sites");

    private string IdentityId => infra.SinglePredicted("Microsoft.ManagedIdentity/userAssignedIdentities").Text("id");

    [Fact]
    public void PlanIsFlexConsumptionOnLinux()
    {
        var plan = infra.SinglePredicted("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Text("sku", "name"));
        Assert.Equal("FlexConsumption", plan.Text("sku", "tier"));
        Assert.Equal("true", plan.Text("properties", "reserved"));
    }

    [Fact]
    public void FunctionAppRunsTheDotnetIsolatedWorkerOnDotnet10()
    {
        Assert.Equal("functionapp,linux", Site.Text("kind"));
        Assert.Equal("dotnet-isolated", Site.Text("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", Site.Text("properties", "functionAppConfig", "runtime", "version"));
    }

    [Fact]
    public void AzdFindsTheFunctionAppByItsServiceTag() =>
        Assert.Contains("azd-service-name", Site.Prop("tags").GetRawText(), StringComparison.Ordinal);

    [Fact]
    public void FunctionAppScalesWithinFlexConsumptionLimits()
    {
        var scale = Site.Prop("properties", "functionAppConfig", "scaleAndConcurrency");
        Assert.Equal(100, scale.Prop("maximumInstanceCount").GetInt32());
        Assert.Equal(2048, scale.Prop("instanceMemoryMB").GetInt32());
    }

    [Fact]
    public void DeploymentPackageIsReadWithTheUserAssignedIdentity()
    {
        var storage = Site.Prop("properties", "functionAppConfig", "deployment", "storage");
        Assert.Equal("blobContainer", storage.Text("type"));
        Assert.Contains("app-package-", storage.Text("value"), StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", storage.Text("authentication", "type"));
        Assert.Equal(IdentityId, storage.Text("authentication", "userAssignedIdentityResourceId"));
    }

    [Fact]
    public void FunctionAppAcceptsHttpsOnly() =>
        Assert.Equal("true", Site.Text("properties", "httpsOnly"));

    [Fact]
    public void FunctionAppDisablesFtp() =>
        Assert.Equal("Disabled", Site.Text("properties", "siteConfig", "ftpsState"));

    [Fact]
    public void FunctionAppRequiresTls12() =>
        Assert.Equal("1.2", Site.Text("properties", "siteConfig", "minTlsVersion"));

    [Fact]
    public void FunctionAppRunsAsTheUserAssignedIdentityOnly()
    {
        Assert.Equal("UserAssigned", Site.Text("identity", "type"));
        var identities = Site.Prop("identity", "userAssignedIdentities").EnumerateObject().Select(p => p.Name);
        Assert.Equal([IdentityId], identities);
        Assert.Equal(IdentityId, Site.Text("properties", "keyVaultReferenceIdentity"));
    }

    [Fact]
    public void PublishingWithPasswordsIsDisabled()
    {
        var policies = infra.PredictedOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(p => p.Text("name").Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.Equal("false", p.Text("properties", "allow")));
    }
}
