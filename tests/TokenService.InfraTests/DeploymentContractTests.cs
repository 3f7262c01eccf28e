using System.Text.Json;
using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

/// <summary>What operators and scripts rely on: the parameters file and the outputs.</summary>
[Collection(InfraFixtureGroup.Name)]
public sealed class DeploymentContractTests(CompiledInfra infra)
{
    [Fact]
    public void ParametersFileSetsOnlyDeclaredParameters()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Infra("main.parameters.json")));
        var declared = infra.Template.Prop("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var set = file.RootElement.Prop("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("environmentName", set);
        Assert.All(set, name => Assert.Contains(name, declared));
    }

    [Fact]
    public void ParametersFileHoldsNoSecret()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Infra("main.parameters.json")));
        Assert.All(file.RootElement.Prop("parameters").EnumerateObject(),
            p => Assert.False(SecretPatterns.LooksLikeSecret(p.Value.ToString()), p.Name));
    }

    [Theory]
    [InlineData("FUNCTION_APP_NAME")]
    [InlineData("FUNCTION_APP_ENDPOINT")]
    [InlineData("STORAGE_ACCOUNT_NAME")]
    [InlineData("STORAGE_TABLE_ENDPOINT")]
    [InlineData("MANAGED_IDENTITY_CLIENT_ID")]
    [InlineData("KEY_VAULT_NAME")]
    public void DeploymentReportsWhatOperatorsNeed(string output) =>
        Assert.True(infra.SnapshotRoot.Prop("outputs").TryGetProperty(output, out _), $"no output {output}");

    [Fact]
    public void EndpointOutputIsHttps() =>
        Assert.StartsWith("https://", ArmExpression.ExpandFormat(infra.SnapshotRoot.Text("outputs", "FUNCTION_APP_ENDPOINT")),
            StringComparison.Ordinal);
}
