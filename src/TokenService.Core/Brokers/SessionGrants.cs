using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// Grants as one string column: one line per grant, its type then its filters, tab-separated.
/// Topic filters never hold control characters (<see cref="TopicFilters"/>), so tab and newline
/// cannot occur inside one.
/// </summary>
internal static class SessionGrants
{
    public static string Format(IEnumerable<SessionGrant> grants) =>
        string.Join('\n', grants.Select(g => TypeName(g.Type) + "\t" + string.Join('\t', g.Filters)));

    public static IReadOnlyList<SessionGrant> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var grants = new List<SessionGrant>();
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split('\t');
            if (ParseType(fields[0]) is { } type && fields.Length > 1)
            {
                grants.Add(new SessionGrant(type, fields[1..]));
            }
        }

        return grants;
    }

    private static string TypeName(TokenActions type) => type switch
    {
        TokenActions.Read => "R",
        TokenActions.Write => "W",
        _ => "RW",
    };

    private static TokenActions? ParseType(string name) => name switch
    {
        "R" => TokenActions.Read,
        "W" => TokenActions.Write,
        "RW" => TokenActions.Read | TokenActions.Write,
        _ => null,
    };
}
