using System.Text;

namespace TokenService.Bench.Reporting;

/// <summary>A table of text cells, rendered aligned for the terminal or as a Markdown table.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Columns from this index on are right-aligned (numbers)...</summary>
    public int NumericFrom { get; init; } = 1;

    /// <summary>...up to this index (exclusive); text columns may follow.</summary>
    public int NumericTo { get; init; } = int.MaxValue;

    /// <summary>Text columns inside the numeric range.</summary>
    public IReadOnlyList<int> TextColumns { get; init; } = [];

    private bool IsNumeric(int column) => column >= NumericFrom && column < NumericTo && !TextColumns.Contains(column);

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public string ToText()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells)
        {
            var padded = cells.Select((c, i) => IsNumeric(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
            text.Append("  ").AppendJoin("  ", padded).Append('\n');
        }

        Line(headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        _rows.ForEach(Line);
        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        text.Append('|').AppendJoin('|', headers.Select((_, i) => IsNumeric(i) ? "---:" : "---")).Append("|\n");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
        }

        return text.ToString();
    }
}
