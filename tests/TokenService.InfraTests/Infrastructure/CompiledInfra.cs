using System.Text.Json;

namespace TokenService.InfraTests.Infrastructure;

/// <summary>
/// infra/main.bicep linted, compiled to ARM JSON, and evaluated by <c>bicep snapshot</c> into the
/// resources a deployment would create (names and parameters resolved; values only known in Azure,
/// such as endpoints and client IDs, stay <c>reference(...)</c> expressions). Done once for all tests.
/// </summary>
public class CompiledInfra : IDisposable
{
    public const string SubscriptionId = "00000000-0000-0000-0000-00000000a001";
    public const string TenantId = "00000000-0000-0000-0000-00000000a002";
    public const string ResourceGroup = "rg-infra-tests";
    public const string OperatorPrincipalId = "00000000-0000-0000-0000-00000000a003";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("infra-tests-");
    private readonly JsonDocument? _template;
    private readonly JsonDocument? _snapshot;

    public CompiledInfra()
        : this("")
    {
    }

    /// <summary>With <paramref name="parameters"/> (lines of a .bicepparam) on top of the CI ones.</summary>
    protected CompiledInfra(string parameters)
    {
        var mainBicep = RepositoryRoot.Infra("main.bicep");
        Lint = BicepCli.Run("lint", mainBicep);

        var templatePath = Path.Combine(_work.FullName, "main.json");
        Build = BicepCli.Run("build", mainBicep, "--outfile", templatePath);
        if (Build.Succeeded)
        {
            TemplateText = File.ReadAllText(templatePath);
            _template = JsonDocument.Parse(TemplateText);
        }

        // A .bicepparam must name its template by a relative path.
        var parametersPath = Path.Combine(_work.FullName, "ci.bicepparam");
        File.WriteAllText(parametersPath, $"""
            using '{Path.GetRelativePath(_work.FullName, mainBicep).Replace('\\', '/')}'
            param environmentName = 'ci'
            param principalId = '{OperatorPrincipalId}'
            {parameters}
            """);
        Snapshot = BicepCli.Run("snapshot", parametersPath, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
            "--resource-group", ResourceGroup, "--location", "westeurope");
        var snapshotPath = Path.Combine(_work.FullName, "ci.snapshot.json");
        if (Snapshot.Succeeded && File.Exists(snapshotPath))
        {
            SnapshotText = File.ReadAllText(snapshotPath);
            _snapshot = JsonDocument.Parse(SnapshotText);
        }
    }

    public BicepRun Lint { get; }

    public BicepRun Build { get; }

    public BicepRun Snapshot { get; }

    /// <summary>The compiled ARM template (main.json) as text.</summary>
    public string TemplateText { get; } = "";

    /// <summary>The snapshot (predicted resources and outputs) as text.</summary>
    public string SnapshotText { get; } = "";

    public JsonElement Template => _template?.RootElement
        ?? throw new InvalidOperationException($"main.bicep did not compile: {Build}");

    public JsonElement SnapshotRoot => _snapshot?.RootElement
        ?? throw new InvalidOperationException($"No snapshot of main.bicep: {Snapshot}");

    /// <summary>Every resource a deployment with the CI parameters would create.</summary>
    public IReadOnlyList<JsonElement> Predicted =>
        [.. SnapshotRoot.GetProperty("predictedResources").EnumerateArray()];

    public IReadOnlyList<JsonElement> PredictedOfType(string type) =>
        [.. Predicted.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase))];

    public JsonElement SinglePredicted(string type)
    {
        var matches = PredictedOfType(type);
        Assert.True(matches.Count == 1, $"expected one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>The function app's app settings by name, values as the snapshot predicts them.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        SinglePredicted("Microsoft.Web/sites")
            .Prop("properties", "siteConfig", "appSettings")
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString() ?? "");

    /// <summary>Every template in the compiled JSON: main.json and each module's nested template.</summary>
    public IEnumerable<JsonElement> Templates() => TemplatesUnder(Template);

    /// <summary>Every resource declaration in the compiled JSON, modules included.</summary>
    public IEnumerable<JsonElement> TemplateResources() => Templates().SelectMany(ResourcesOf);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        _template?.Dispose();
        _snapshot?.Dispose();
        _work.Delete(recursive: true);
    }

    private static IEnumerable<JsonElement> TemplatesUnder(JsonElement template)
    {
        yield return template;
        foreach (var resource in ResourcesOf(template))
        {
            if (resource.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in TemplatesUnder(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
    private static IEnumerable<JsonElement> ResourcesOf(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
    }
}
