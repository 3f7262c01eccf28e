using OpenTelemetry;
using OpenTelemetry.Logs;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>A log record as exported: everything it carries rendered to text at export time (the SDK reuses records afterwards).</summary>
public sealed record CapturedLog(string Category, string Text, IReadOnlyDictionary<string, string?> Scope);

/// <summary>An exporter that keeps every log record it is given, as <see cref="CapturedLog"/>s.</summary>
public sealed class CapturedLogs : BaseExporter<LogRecord>
{
    private readonly List<CapturedLog> _logs = [];

    public IReadOnlyList<CapturedLog> All
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        foreach (var record in batch)
        {
            var scope = new Dictionary<string, string?>(StringComparer.Ordinal);
            var text = new List<string?> { record.CategoryName, record.EventId.Name, record.FormattedMessage, record.Body, record.Exception?.ToString() };
            text.AddRange((record.Attributes ?? []).Select(a => $"{a.Key}={a.Value}"));
            record.ForEachScope<object?>((item, _) =>
            {
                text.Add(item.Scope?.ToString());
                foreach (var (key, value) in item)
                {
                    scope[key] = value?.ToString();
                    text.Add($"{key}={value}");
                }
            }, null);
            lock (_logs)
            {
                _logs.Add(new CapturedLog(record.CategoryName ?? "", string.Join('\n', text), scope));
            }
        }

        return ExportResult.Success;
    }
}
