using System.Globalization;
using System.Security;
using System.Text;

namespace TokenService.Bench.Reporting;

/// <summary>
/// The chart of docs/benchmarks.md, written by hand as SVG: two panels of grouped bars, throughput
/// (higher is better) and p99 latency (lower is better), each service call next to its baseline
/// and to its own storage requests sent raw.
/// </summary>
public static class SvgChart
{
    private const int Width = 960;
    private const int Height = 420;
    private const int PanelWidth = 430;
    private const int PlotTop = 108;
    private const int PlotHeight = 240;
    private const string BaselineColor = "#9aa5b1";
    private const string EquivalentColor = "#9fc2f2";
    private const string ServiceColor = "#2f6fde";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly double[] StepMultiples = [1, 2, 5, 10];

    public static string Render(BenchReport report)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="Helvetica, Arial, sans-serif" font-size="12">""").Append('\n');
        svg.Append(Invariant, $"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>""").Append('\n');
        Text(svg, 20, 28, Escape($"MQTT token service vs raw Azurite: {report.Options.Concurrency} requests in flight, {report.Machine.Cores} cores shared by store, service and load client"), "start", 15, "bold");
        Text(svg, 20, 48, Escape($"{report.Machine.Date:yyyy-MM-dd} · commit {report.Machine.Commit} · {report.Machine.CpuModel}"), "start", 12, "normal", "#555555");
        Legend(svg, 20, 66);

        var groups = report.Comparisons
            .Select(c => (Label: c.Service.Name, Against: c.Baseline == report.Upsert ? "vs upsert" : "vs point read", c.Baseline, c.Equivalent, c.Service))
            .ToList();
        Panel(svg, 60, "Throughput (requests/s, higher is better)",
            groups.Select(g => (g.Label, g.Against, new[] { g.Baseline.Throughput, g.Equivalent.Throughput, g.Service.Throughput })).ToList(), v => v.ToString("#,0", Invariant));
        Panel(svg, 60 + PanelWidth + 40, "p99 latency (ms, lower is better)",
            groups.Select(g => (g.Label, g.Against, new[] { g.Baseline.P99Milliseconds, g.Equivalent.P99Milliseconds, g.Service.P99Milliseconds })).ToList(), v => v.ToString(v < 10 ? "0.0" : "0", Invariant));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int left, string title, List<(string Label, string Against, double[] Values)> groups, Func<double, string> format)
    {
        var plotWidth = PanelWidth - 20;
        var bottom = PlotTop + PlotHeight;
        Text(svg, left + (plotWidth / 2), PlotTop - 8, Escape(title), "middle", 13, "bold");

        var max = groups.SelectMany(g => g.Values).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        // Headroom above the tallest bar for its value label.
        var step = NiceStep(max * 1.1 / 5);
        var top = Math.Max(step, Math.Ceiling(max * 1.1 / step) * step);
        for (var tick = 0.0; tick <= top + (step / 2); tick += step)
        {
            var y = bottom - (tick / top * PlotHeight);
            svg.Append(Invariant, $"""<line x1="{left}" y1="{y:0.#}" x2="{left + plotWidth}" y2="{y:0.#}" stroke="#e3e7eb"/>""").Append('\n');
            Text(svg, left - 6, y + 4, tick.ToString(step < 1 ? "0.0" : "#,0", Invariant), "end", 11, "normal", "#555555");
        }

        svg.Append(Invariant, $"""<line x1="{left}" y1="{bottom}" x2="{left + plotWidth}" y2="{bottom}" stroke="#333333"/>""").Append('\n');
        var groupWidth = plotWidth / (double)Math.Max(1, groups.Count);
        var barWidth = groupWidth * 0.26;
        string[] colors = [BaselineColor, EquivalentColor, ServiceColor];
        for (var i = 0; i < groups.Count; i++)
        {
            var (label, against, values) = groups[i];
            var center = left + (groupWidth * (i + 0.5));
            for (var bar = 0; bar < values.Length; bar++)
            {
                Bar(svg, center - (barWidth * values.Length / 2) + (bar * barWidth) + 1, barWidth - 2, values[bar], top, bottom, colors[bar], format);
            }

            Text(svg, center, bottom + 18, Escape(label), "middle", 12, "bold");
            Text(svg, center, bottom + 34, Escape(against), "middle", 11, "normal", "#555555");
        }
    }

    private static void Bar(StringBuilder svg, double x, double width, double value, double top, double bottom, string color, Func<double, string> format)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        var height = value / top * PlotHeight;
        svg.Append(Invariant, $"""<rect x="{x:0.#}" y="{bottom - height:0.#}" width="{width:0.#}" height="{height:0.#}" fill="{color}"/>""").Append('\n');
        Text(svg, x + (width / 2), bottom - height - 4, format(value), "middle", 11, "normal");
    }

    private static void Legend(StringBuilder svg, int x, int y)
    {
        (string Color, string Text, int Offset)[] items =
        [
            (BaselineColor, "baseline: raw upsert / point read", 0),
            (EquivalentColor, "the call's own storage requests, sent raw", 230),
            (ServiceColor, "the service (standalone server), V1-signed calls", 510),
        ];
        foreach (var (color, text, offset) in items)
        {
            svg.Append(Invariant, $"""<rect x="{x + offset}" y="{y - 10}" width="12" height="12" fill="{color}"/>""").Append('\n');
            Text(svg, x + offset + 18, y, text, "start", 12, "normal");
        }
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, int size, string weight, string color = "#222222") =>
        svg.Append(Invariant, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" fill="{color}">{text}</text>""").Append('\n');

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        if (rough <= 0 || !double.IsFinite(rough))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return StepMultiples.Select(m => m * power).First(s => s >= rough);
    }

    private static string Escape(string text) => SecurityElement.Escape(text);
}
