using System.Globalization;
using ScottPlot;

namespace TokenService.Bench.Reporting;

/// <summary>
/// The chart of docs/benchmarks.md: grouped bars, throughput (left axis, higher is better) and p99
/// latency (right axis, lower is better), each service call next to its baseline and to its own
/// storage requests sent raw.
/// </summary>
internal static class Chart
{
    public const string FileName = "benchmarks.svg";

    private const double BarWidth = 0.26;

    /// <summary>Measured with DejaVu Sans (Debian's default); viewers without it fall back to another sans-serif.</summary>
    private const string Font = "DejaVu Sans";

    private static readonly (string Legend, Color Color)[] Series =
    [
        ("baseline: raw upsert / point read", Color.FromHex("#9aa5b1")),
        ("the call's own storage requests, sent raw", Color.FromHex("#9fc2f2")),
        ("the service (standalone server), V1-signed calls", Color.FromHex("#2f6fde")),
    ];

    public static void Save(BenchReport report, string path)
    {
        var m = report.Machine;
        var plot = new Plot();
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"MQTT token service vs raw Azurite: {report.Options.Concurrency} requests in flight, {m.Cores} cores shared by store, service and load client\n{m.Date:yyyy-MM-dd} · commit {m.Commit} · {m.CpuModel}"), size: 15);

        // Throughput groups at 0, 1, 2; a divider; p99 groups at 4, 5, 6.
        var calls = report.Comparisons;
        Panel(plot, plot.Axes.Left, 0, calls.Select(c => new[] { c.Baseline.Throughput, c.Equivalent.Throughput, c.Service.Throughput }), "#,0", legend: true);
        Panel(plot, plot.Axes.Right, calls.Count + 1, calls.Select(c => new[] { c.Baseline.P99Milliseconds, c.Equivalent.P99Milliseconds, c.Service.P99Milliseconds }), "0.0", legend: false);
        plot.Axes.Left.Label.Text = "Throughput (requests/s, higher is better)";
        plot.Axes.Right.Label.Text = "p99 latency (ms, lower is better)";
        plot.Axes.Left.Label.FontSize = plot.Axes.Right.Label.FontSize = 13;
        plot.Add.VerticalLine(calls.Count, 1, Colors.Gray);

        var labels = calls.Select(c => $"{c.Service.Name}\nvs {(c.Baseline == report.Upsert ? "upsert" : "point read")}").ToArray();
        plot.Axes.Bottom.SetTicks([.. labels.Select((_, i) => (double)i), .. labels.Select((_, i) => calls.Count + 1.0 + i)], [.. labels, .. labels]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, (2 * calls.Count) + 0.6);
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.ShowLegend(Edge.Bottom);
        plot.Font.Set(Font);
        File.WriteAllText(path, plot.GetSvgXml(1000, 520).Replace($"font-family=\"{Font}\"", $"font-family=\"{Font}, Helvetica, Arial, sans-serif\"", StringComparison.Ordinal));
    }

    private static void Panel(Plot plot, IYAxis axis, int first, IEnumerable<double[]> groups, string format, bool legend)
    {
        var values = groups.ToList();
        for (var series = 0; series < Series.Length; series++)
        {
            var bars = plot.Add.Bars(values.Select((v, group) => new Bar
            {
                Position = first + group + ((series - 1) * BarWidth),
                Value = double.IsFinite(v[series]) ? v[series] : 0,
                Size = BarWidth * 0.92,
                FillColor = Series[series].Color,
                LineWidth = 0,
                ValueLabel = double.IsFinite(v[series]) ? v[series].ToString(format, CultureInfo.InvariantCulture) : "n/a",
            }).ToList());
            bars.Axes.YAxis = axis;
            bars.ValueLabelStyle.FontSize = 11;
            bars.ValueLabelStyle.FontName = Font;
            bars.LegendText = legend ? Series[series].Legend : "";
        }

        // Headroom above the tallest bar for its value label.
        var max = values.SelectMany(v => v).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, max * 1.12, axis);
    }
}
