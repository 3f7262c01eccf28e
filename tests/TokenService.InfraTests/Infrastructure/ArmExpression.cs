using System.Text;

namespace TokenService.InfraTests.Infrastructure;

/// <summary>
/// Just enough of the ARM expression language to read a predicted value: <c>[format('...', a, 'b')]</c>
/// becomes the format string with its literal arguments filled in and the others shown as
/// <c>&lt;expr&gt;</c>, which is what a deployment-time value looks like before Azure resolves it.
/// </summary>
public static class ArmExpression
{
    public const string Unresolved = "<expr>";

    public static string ExpandFormat(string value)
    {
        const string Prefix = "[format(";
        if (!value.StartsWith(Prefix, StringComparison.Ordinal) || !value.EndsWith(")]", StringComparison.Ordinal))
        {
            return value;
        }

        var arguments = SplitArguments(value[Prefix.Length..^2]);
        if (arguments.Count == 0 || !TryLiteral(arguments[0], out var format))
        {
            return value;
        }

        var result = new StringBuilder(format);
        for (var i = 1; i < arguments.Count; i++)
        {
            result.Replace($"{{{i - 1}}}", TryLiteral(arguments[i], out var literal) ? literal : Unresolved);
        }

        return result.ToString();
    }

    private static bool TryLiteral(string argument, out string literal)
    {
        var text = argument.Trim();
        var quoted = text.Length >= 2 && text[0] == '\'' && text[^1] == '\''
            && !text[1..^1].Replace("''", "", StringComparison.Ordinal).Contains('\'', StringComparison.Ordinal);
        literal = quoted ? text[1..^1].Replace("''", "'", StringComparison.Ordinal) : "";
        return quoted;
    }

    // Top-level commas only: not inside a string literal, parentheses or brackets.
    private static List<string> SplitArguments(string text)
    {
        var arguments = new List<string>();
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }
            }
            else if (c == '\'')
            {
                inString = true;
            }
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(text[start..i]);
                start = i + 1;
            }
        }

        arguments.Add(text[start..]);
        return arguments;
    }
}
