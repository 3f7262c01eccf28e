using System.Globalization;
using System.Text;
using TokenService.Bench.Phases;

namespace TokenService.Bench.Reporting;

/// <summary>The "Telemetry cost" section of docs/benchmarks.md.</summary>
internal static class TelemetryCostReport
{
    public static string Section(TelemetryCost? cost)
    {
        if (cost is null)
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append("## Telemetry cost\n\n");
        text.Append("QueryToken with telemetry off and with traces, metrics and logs exported over OTLP/HTTP protobuf to a collector stand-in on loopback ");
        text.Append("(every second: `OTEL_METRIC_EXPORT_INTERVAL=1000`, `OTEL_BSP_SCHEDULE_DELAY=1000`), two service processes side by side, warmed up alike, measured in eight turns of half a phase (off, on, on, off, on, off, off, on). ");
        text.Append("Target from the issue: at most 10 % lower throughput.\n\n");
        var table = ReportTables.Create(["Round", "Calls/s", "p50 ms", "p99 ms", "Failed"]);
        foreach (var round in cost.Off.Concat(cost.On))
        {
            table.Row(round.Name, F(round.Throughput, "0"), F(round.P50Milliseconds, "0.0"), F(round.P99Milliseconds, "0.0"), round.Failed.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(ReportTables.ToMarkdown(table)).Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"Telemetry on / off: **{cost.Ratio:0.00}** ({cost.OnThroughput:0} vs {cost.OffThroughput:0} calls/s; target >= {TelemetryCost.MinThroughputRatio:0.00}: {(cost.Met ? "met" : "missed")}); ");
        text.Append(CultureInfo.InvariantCulture, $"{cost.Exports} OTLP exports, {cost.ExportedBytes / 1024} KiB.\n\n");
        return text.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
