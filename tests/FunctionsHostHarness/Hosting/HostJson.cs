using System.Globalization;
using System.Text.Json;

namespace FunctionsHostHarness.Hosting;

/// <summary>What the harness reads from the app's host.json: the HTTP route prefix and the function timeout.</summary>
public sealed record HostJson(string RoutePrefix, TimeSpan FunctionTimeout)
{
    public const string FileName = "host.json";

    /// <summary>The host's defaults: routes under <c>api/</c>, and a 30-minute timeout.</summary>
    public static readonly HostJson Default = new("api", TimeSpan.FromMinutes(30));

    public static HostJson Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new HarnessException($"{path} is missing: the host needs a host.json at the package root");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var prefix = Default.RoutePrefix;
        if (root.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var routePrefix)
            && routePrefix.ValueKind == JsonValueKind.String)
        {
            prefix = routePrefix.GetString()!;
        }

        var timeout = Default.FunctionTimeout;
        if (root.TryGetProperty("functionTimeout", out var functionTimeout)
            && functionTimeout.ValueKind == JsonValueKind.String
            && TimeSpan.TryParse(functionTimeout.GetString(), CultureInfo.InvariantCulture, out var parsed))
        {
            timeout = parsed;
        }

        return new HostJson(prefix.Trim('/'), timeout);
    }
}
