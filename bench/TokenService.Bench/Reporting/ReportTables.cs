using System.Globalization;
using Spectre.Console;
using TokenService.Bench.Load;
using TokenService.Storage;

namespace TokenService.Bench.Reporting;

/// <summary>The report's tables, the same for the terminal and for docs/benchmarks.md (<see cref="ToMarkdown"/>).</summary>
internal static class ReportTables
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A table whose first column is text and the others numbers (right-aligned) up to <paramref name="numericTo"/>, text after it.</summary>
    public static Table Create(string[] headers, int numericTo = int.MaxValue, params int[] textColumns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold)));
            table.AddColumn(i > 0 && i < numericTo && !textColumns.Contains(i) ? column.RightAligned() : column);
        }

        return table;
    }

    /// <summary>Adds a row of plain text cells (no markup).</summary>
    public static Table Row(this Table table, params IEnumerable<string> cells) => table.AddRow(cells.Select(c => new Text(c)));

    /// <summary>The table as Markdown (its border changed to Markdown's), with the columns' alignment.</summary>
    public static string ToMarkdown(Table table)
    {
        var text = new StringWriter(Invariant);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 1000;
        console.Write(table.Border(TableBorder.Markdown));
        return string.Concat(text.ToString().Split('\n').Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim() + "\n"));
    }

    public static Table Results(BenchReport report)
    {
        var table = Create(["Scenario", "req/s", "p50 ms", "p99 ms", "req/s vs baseline", "p99 vs baseline", "Target", "Met"], numericTo: 6);
        foreach (var baseline in new[] { report.Upsert, report.PointRead })
        {
            table.Row(baseline.Name, Rate(baseline.Throughput), Ms(baseline.P50Milliseconds), Ms(baseline.P99Milliseconds), "1.00x", "1.00x", "(baseline)", "");
        }

        foreach (var row in report.Comparisons)
        {
            var against = row.Baseline == report.Upsert ? "upsert" : "point read";
            var target = row.MinThroughputRatio is { } min
                ? string.Create(Invariant, $"≥ {min:0.0#}x {against}; p99 ≤ {Comparison.MaxP99Ratio:0}x")
                : string.Create(Invariant, $"p99 ≤ {Comparison.MaxP99Ratio:0}x {against}");
            table.Row(
                row.Service.Name,
                Rate(row.Service.Throughput),
                Ms(row.Service.P50Milliseconds),
                Ms(row.Service.P99Milliseconds),
                string.Create(Invariant, $"{row.ThroughputRatio:0.00}x {against}"),
                string.Create(Invariant, $"{row.P99Ratio:0.00}x"),
                target,
                row.Met ? "yes" : "NO");
        }

        return table;
    }

    public static Table Overhead(BenchReport report)
    {
        var table = Create(["Service call", "req/s", "p99 ms", "Its storage requests, sent raw", "req/s", "p99 ms", "service/raw req/s", "service/raw p99"], textColumns: 3);
        foreach (var row in report.Comparisons)
        {
            table.Row(
                row.Service.Name,
                Rate(row.Service.Throughput),
                Ms(row.Service.P99Milliseconds),
                row.Equivalent.Name.Replace("Raw: ", "", StringComparison.Ordinal),
                Rate(row.Equivalent.Throughput),
                Ms(row.Equivalent.P99Milliseconds),
                string.Create(Invariant, $"{row.EquivalentThroughputRatio:0.00}x"),
                string.Create(Invariant, $"{row.EquivalentP99Ratio:0.00}x"));
        }

        return table;
    }

    public static Table Startup(BenchReport report)
    {
        var table = Create(["Build", "starts", "ready (median)", "first 200 (median)", "first 200 (max)", "calls failed before it"]);
        foreach (var cold in report.ColdStarts)
        {
            table.Row(
                cold.Build,
                cold.FirstAnswer.Count.ToString(Invariant),
                Ms(cold.MedianReady),
                Ms(cold.MedianFirstAnswer),
                Ms(cold.MaxFirstAnswer),
                cold.FailedCalls.ToString(Invariant));
        }

        return table;
    }

    public static Table Memory(BenchReport report) =>
        Create(["Service process (the standalone server)", "MiB", "Target", "Met"], numericTo: 2)
            .Row("peak resident set (VmHWM) after every load phase", MiB(report.PeakResidentBytes), string.Create(Invariant, $"< {BenchReport.PeakMemoryTargetBytes / 1024 / 1024:0} MiB"), report.MemoryMet ? "yes" : "NO")
            .Row("largest resident set sampled during load (VmRSS, every 100 ms)", MiB(report.MaxSampledResidentBytes), "", "");

    public static Table Cpu(BenchReport report)
    {
        var table = Create(["Phase", "machine busy", "load client", "service", "Azurite", "other work", "CPU ms/request (client + service + Azurite)"]);
        foreach (var phase in report.Phases)
        {
            var cpu = phase.Cpu;
            table.Row(
                phase.Name,
                Cores(cpu.Machine, cpu.Cores),
                Cores(cpu.Client),
                Cores(cpu.Service),
                double.IsNaN(cpu.Azurite) ? "n/a" : Cores(cpu.Azurite),
                Cores(cpu.Other),
                string.Create(Invariant, $"{cpu.MillisecondsPerRequest(cpu.Client, phase.Succeeded):0.000} + {cpu.MillisecondsPerRequest(cpu.Service, phase.Succeeded):0.000} + {cpu.MillisecondsPerRequest(cpu.Azurite, phase.Succeeded):0.000}"));
        }

        return table;
    }

    public static Table RoundTripCounts(BenchReport report)
    {
        var kinds = StorageRequestKind.All.Where(k => report.RoundTrips.Any(r => r.Counts.ContainsKey(k))).ToArray();
        var table = Create(["Call", "calls", "storage requests per call", .. kinds]);
        foreach (var row in report.RoundTrips)
        {
            table.Row([row.Call, row.Calls.ToString(Invariant), Count(row.Total), .. kinds.Select(k => Count(row.PerCall(k)))]);
        }

        return table;
    }

    public static string Rate(double value) => double.IsNaN(value) ? "n/a" : value.ToString("#,0", Invariant);

    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString(value < 10 ? "0.00" : "0.0", Invariant);

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", Invariant);

    private static string Cores(double cores, int of) => string.Create(Invariant, $"{cores:0.00} of {of} cores");

    private static string Cores(double cores) => cores.ToString("0.00", Invariant);

    private static string Count(double value) => value.ToString(value == Math.Floor(value) ? "0" : "0.00", Invariant);

    /// <summary>One-line summary of a phase for progress output.</summary>
    public static string Summary(LoadResult phase) =>
        string.Create(Invariant, $"{phase.Name}: {Rate(phase.Throughput)} req/s, p50 {Ms(phase.P50Milliseconds)} ms, p99 {Ms(phase.P99Milliseconds)} ms, {phase.Failed} failed");
}
