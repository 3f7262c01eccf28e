using System.Text.Json;
using FunctionsHostHarness.Hosting;

namespace FunctionsHostHarness.Worker;

/// <summary>
/// The package's worker.config.json, as the host reads it to start a language worker: the
/// executable (<c>dotnet</c>), its arguments, the worker (<c>TokenService.Functions.dll</c>,
/// relative to the worker directory) and the worker's own arguments.
/// </summary>
public sealed record WorkerConfig(
    string Language,
    string ExecutablePath,
    IReadOnlyList<string> ExecutableArguments,
    string WorkerPath,
    IReadOnlyList<string> WorkerArguments,
    bool WorkerIndexing)
{
    public const string FileName = "worker.config.json";

    public static WorkerConfig Read(string workerDirectory)
    {
        var path = Path.Combine(workerDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new HarnessException($"{path} is missing: not a published dotnet-isolated function app");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("description", out var description))
        {
            throw new HarnessException($"{path} has no \"description\"");
        }

        var workerPath = String(description, "defaultWorkerPath") ?? throw new HarnessException($"{path} names no defaultWorkerPath");
        return new WorkerConfig(
            String(description, "language") ?? "",
            String(description, "defaultExecutablePath") ?? throw new HarnessException($"{path} names no defaultExecutablePath"),
            Strings(description, "arguments"),
            Path.GetFullPath(Path.Combine(workerDirectory, workerPath)),
            Strings(description, "workerArguments"),
            string.Equals(String(description, "workerIndexing"), "true", StringComparison.OrdinalIgnoreCase));
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        } : null;

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()
            : [];
}
