using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class StorageTests(CompiledInfra infra)
{
    private System.Text.Json.JsonElement Account => infra.SinglePredicted("Microsoft.Storage/storageAccounts");

    [Fact]
    public void StorageAccountRefusesSharedKeyAccess() =>
        Assert.Equal("false", Account.Text("properties", "allowSharedKeyAccess"));

    [Fact]
    public void StorageAccountRequiresTls12() =>
        Assert.Equal("TLS1_2", Account.Text("properties", "minimumTlsVersion"));

    [Fact]
    public void StorageAccountRefusesPublicBlobAccess() =>
        Assert.Equal("false", Account.Text("properties", "allowBlobPublicAccess"));

    [Fact]
    public void StorageAccountAcceptsHttpsOnly() =>
        Assert.Equal("true", Account.Text("properties", "supportsHttpsTrafficOnly"));

    [Fact]
    public void StorageHoldsTheServiceTablesUnderTheMqttPrefix()
    {
        var tables = infra.PredictedOfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Select(t => t.Text("name").Split('/')[^1])
            .Order(StringComparer.Ordinal);

        Assert.Equal(["MqttAccessKeys", "MqttAccounts", "MqttInstances", "MqttLedger", "MqttSessions"], tables);
    }

    [Fact]
    public void DeploymentPackageContainerIsPrivate()
    {
        var container = infra.SinglePredicted("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", container.Text("properties", "publicAccess"));
    }
}
