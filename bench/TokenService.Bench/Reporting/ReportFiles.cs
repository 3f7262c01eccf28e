namespace TokenService.Bench.Reporting;

/// <summary>The report on the terminal, and docs/benchmarks.md with its chart in the output folder.</summary>
public static class ReportFiles
{
    public static void Write(BenchReport report, BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"Benchmark ({(options.Smoke ? "smoke: timings not meaningful" : "full")}), commit {report.Machine.Commit}, {report.Machine.Cores} cores, load average {report.LoadBefore} before, {report.LoadAfter} after");
        if (options.ServiceEnvironment.Count > 0)
        {
            Console.WriteLine("extra service environment: " + string.Join(", ", options.ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        Console.WriteLine();
        Console.Write(ReportTables.Results(report).ToText());
        Console.WriteLine();
        Console.Write(ReportTables.Overhead(report).ToText());
        Console.WriteLine();
        Console.Write(ReportTables.Startup(report).ToText());
        Console.WriteLine();
        Console.Write(ReportTables.Memory(report).ToText());
        Console.WriteLine();
        Console.Write(ReportTables.Cpu(report).ToText());
        Console.WriteLine();
        Console.WriteLine("Storage round trips per call:");
        Console.Write(ReportTables.RoundTripCounts(report).ToText());
        if (report.TokensMintedLate > 0)
        {
            Console.WriteLine($"note: {report.TokensMintedLate} RevokeToken tokens were minted during the measurement (the pool ran out)");
        }

        Directory.CreateDirectory(options.OutputDirectory);
        const string chart = "benchmarks.svg";
        var markdownPath = Path.Combine(options.OutputDirectory, "benchmarks.md");
        var previous = File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : null;
        File.WriteAllText(Path.Combine(options.OutputDirectory, chart), SvgChart.Render(report));
        File.WriteAllText(markdownPath, MarkdownReport.Render(report, chart, previous));
        Console.WriteLine();
        Console.WriteLine($"wrote {markdownPath} and {chart}");
    }
}
