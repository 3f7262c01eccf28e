using System.Text.Json;
using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class RoleAssignmentTests(CompiledInfra infra)
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    private IReadOnlyList<JsonElement> Assignments => infra.PredictedOfType("Microsoft.Authorization/roleAssignments");

    private string IdentityId => infra.SinglePredicted("Microsoft.ManagedIdentity/userAssignedIdentities").Text("id");

    [Fact]
    public void EveryRoleAssignmentNameIsAGuidExpression()
    {
        var names = infra.TemplateResources()
            .Where(r => r.Text("type") == "Microsoft.Authorization/roleAssignments")
            .Select(r => r.Text("name"))
            .ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.StartsWith("[guid(", name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    [InlineData(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults")]
    public void IdentityHoldsEachRoleOnTheResourceThatNeedsIt(string role, string scopeType)
    {
        var grants = Assignments.Where(a => a.Text("properties", "roleDefinitionId").EndsWith($"/{role}", StringComparison.Ordinal)
            && a.Text("properties", "principalId").Contains(IdentityId, StringComparison.Ordinal)).ToList();

        var grant = Assert.Single(grants);
        Assert.Equal("ServicePrincipal", grant.Text("properties", "principalType"));
        var scope = infra.SinglePredicted(scopeType).Text("id");
        Assert.StartsWith($"{scope}/providers/Microsoft.Authorization/roleAssignments/", grant.Text("id"), StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityHoldsNoOtherRole()
    {
        var roles = Assignments
            .Where(a => a.Text("properties", "principalId").Contains(IdentityId, StringComparison.Ordinal))
            .Select(a => a.Text("properties", "roleDefinitionId").Split('/')[^1])
            .Order(StringComparer.Ordinal);

        Assert.Equal(new[] { StorageBlobDataOwner, StorageTableDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsUser }
            .Order(StringComparer.Ordinal), roles);
    }

    [Fact]
    public void NamedOperatorMayUseTablesAndSetKeySecrets()
    {
        var roles = Assignments
            .Where(a => a.Text("properties", "principalId") == CompiledInfra.OperatorPrincipalId)
            .Select(a => a.Text("properties", "roleDefinitionId").Split('/')[^1])
            .Order(StringComparer.Ordinal);

        Assert.Equal(new[] { StorageTableDataContributor, KeyVaultSecretsOfficer }.Order(StringComparer.Ordinal), roles);
    }

    [Fact]
    public void OperatorRolesExistOnlyWhenAPrincipalIsNamed()
    {
        var operatorAssignments = infra.TemplateResources()
            .Where(r => r.Text("type") == "Microsoft.Authorization/roleAssignments"
                && r.Text("properties", "principalId").Contains("operatorPrincipalId", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(operatorAssignments);
        Assert.All(operatorAssignments, r => Assert.True(r.TryGetProperty("condition", out _), r.Text("name")));
    }
}
