using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class LinterTests(CompiledInfra infra)
{
    [Fact]
    public void LinterReportsNothing()
    {
        Assert.True(infra.Lint.Succeeded, infra.Lint.ToString());
        Assert.True(infra.Lint.AllOutput.Length == 0, infra.Lint.ToString());
    }

    [Fact]
    public void TemplateCompilesToArmJson()
    {
        Assert.True(infra.Build.Succeeded, infra.Build.ToString());
        Assert.Contains("deploymentTemplate.json", infra.Template.Text("$schema"), StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotPredictsResourcesWithoutDiagnostics()
    {
        Assert.True(infra.Snapshot.Succeeded, infra.Snapshot.ToString());
        Assert.NotEmpty(infra.Predicted);
        Assert.Equal(0, infra.SnapshotRoot.Prop("diagnostics").GetArrayLength());
    }

    [Fact]
    public void EveryParameterIsDescribed()
    {
        var undescribed = infra.Templates()
            .Where(t => t.TryGetProperty("parameters", out _))
            .SelectMany(t => t.GetProperty("parameters").EnumerateObject())
            .Where(p => !(p.Value.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("description", out var description)
                && !string.IsNullOrWhiteSpace(description.GetString())))
            .Select(p => p.Name)
            .ToList();

        Assert.True(undescribed.Count == 0, $"parameters without @description: {string.Join(", ", undescribed)}");
    }
}
