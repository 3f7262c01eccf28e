using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class KeyVaultTests(CompiledInfra infra)
{
    private System.Text.Json.JsonElement Vault => infra.SinglePredicted("Microsoft.KeyVault/vaults");

    [Fact]
    public void KeyVaultAuthorizesWithAzureRbac() =>
        Assert.Equal("true", Vault.Text("properties", "enableRbacAuthorization"));

    [Fact]
    public void KeyVaultKeepsDeletedSecretsRecoverable()
    {
        Assert.Equal("true", Vault.Text("properties", "enableSoftDelete"));
        Assert.Equal("true", Vault.Text("properties", "enablePurgeProtection"));
    }

    [Fact]
    public void TemplateCreatesNoSecretValues()
    {
        Assert.DoesNotContain(infra.TemplateResources(), r =>
            r.Text("type").StartsWith("Microsoft.KeyVault/vaults/", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(infra.PredictedOfType("Microsoft.KeyVault/vaults/secrets"));
    }
}
