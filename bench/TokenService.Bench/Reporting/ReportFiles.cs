using Spectre.Console;

namespace TokenService.Bench.Reporting;

/// <summary>The report on the terminal, and docs/benchmarks.md with its chart in the output folder.</summary>
internal static class ReportFiles
{
    public static void Write(BenchReport report, BenchOptions options)
    {
        var console = AnsiConsole.Console;
        NoWrapInLogFile(console, Console.IsOutputRedirected);

        console.WriteLine();
        console.MarkupLineInterpolated($"[bold]Benchmark[/] ({(options.Smoke ? "smoke: timings not meaningful" : "full")}), commit {report.Machine.Commit}, {report.Machine.Cores} cores, load average {report.LoadBefore} before, {report.LoadAfter} after");
        if (options.ServiceEnvironment.Count > 0)
        {
            console.WriteLine("extra service environment: " + string.Join(", ", options.ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")));
        }

        console.Write(ReportTables.Results(report).Title("Throughput and latency"));
        console.Write(ReportTables.Overhead(report).Title("The service against its own storage requests"));
        console.Write(ReportTables.Startup(report).Title("Cold start"));
        console.Write(ReportTables.Memory(report).Title("Memory"));
        console.Write(ReportTables.Cpu(report).Title("Where the CPU went"));
        console.Write(ReportTables.RoundTripCounts(report).Title("Storage round trips per call"));
        if (report.TokensMintedLate > 0)
        {
            console.WriteLine($"note: {report.TokensMintedLate} RevokeToken tokens were minted during the measurement (the pool ran out)");
        }

        Directory.CreateDirectory(options.OutputDirectory);
        var markdownPath = Path.Combine(options.OutputDirectory, "benchmarks.md");
        var previous = File.Exists(markdownPath) ? File.ReadAllText(markdownPath) : null;
        Chart.Save(report, Path.Combine(options.OutputDirectory, Chart.FileName));
        File.WriteAllText(markdownPath, MarkdownReport.Render(report, Chart.FileName, previous));
        console.WriteLine();
        console.WriteLine($"wrote {markdownPath} and {Chart.FileName}");
    }

    /// <summary>A log file has no width (Spectre assumes 80 columns): no line or table is wrapped there.</summary>
    public static void NoWrapInLogFile(IAnsiConsole console, bool redirected)
    {
        if (redirected)
        {
            console.Profile.Width = 1000;
        }
    }
}
