namespace TokenService.Tokens;

/// <summary>
/// The ApplyToken <c>Resources</c> rules (docs/contract.md §5.3): comma-separated MQTT topic filters, each 1 to 64
/// UTF-16 characters, <c>+</c> only as a whole level, <c>#</c> only as the whole last level; 1 to
/// 100 of them once duplicates are removed (a repeated filter grants nothing more, so it is not
/// counted twice). The result is sorted ordinal, so equal grants make equal payloads.
/// </summary>
/// <remarks>
/// Nothing is trimmed: a space is a legal topic character in MQTT, so <c>"a, b"</c> grants
/// <c>" b"</c>. Control characters (NUL included, MQTT forbids or discourages them) and unpaired
/// surrogates (not encodable as UTF-8) are rejected. Empty levels (<c>a//b</c>, <c>/a</c>) are
/// legal MQTT and accepted.
/// </remarks>
internal static class TopicFilters
{
    public const int MaxCount = 100;
    public const int MaxLength = 64;

    public static TopicFilterList Parse(string? resources)
    {
        if (string.IsNullOrEmpty(resources))
        {
            return TopicFilterList.Invalid("Resources is mandatory for this action.");
        }

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        foreach (var range in resources.AsSpan().Split(','))
        {
            position++;
            var filter = resources[range];
            if ((LengthError(filter) ?? StructureError(filter)) is { } error)
            {
                return TopicFilterList.Invalid($"Resource {position}: {error}");
            }

            // Checked as we go so that a huge list is refused early.
            if (distinct.Add(filter) && distinct.Count > MaxCount)
            {
                return TopicFilterList.Invalid($"At most {MaxCount} distinct topic filters are allowed.");
            }
        }

        var sorted = distinct.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return TopicFilterList.Valid(sorted);
    }

    /// <summary>True for one filter that <see cref="Parse"/> would accept.</summary>
    public static bool IsValidFilter(string filter) => LengthError(filter) is null && StructureError(filter) is null;

    /// <summary>
    /// True for a topic name or filter a client may ask for: the wildcard and character rules,
    /// without the 64-character limit (that limit is on the grant, not on what it covers).
    /// </summary>
    public static bool IsValidRequest(string topicOrFilter) => topicOrFilter.Length > 0 && StructureError(topicOrFilter) is null;

    private static string? LengthError(string filter) => filter.Length is < 1 or > MaxLength
        ? $"each topic filter must be 1 to {MaxLength} characters."
        : null;

    private static string? StructureError(string filter)
    {
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (char.IsControl(c))
            {
                return "control characters are not allowed.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < filter.Length && char.IsLowSurrogate(filter[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "the topic filter is not valid Unicode.";
            }

            var levelStart = i == 0 || filter[i - 1] == '/';
            var levelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
            if (c == '+' && !(levelStart && levelEnd))
            {
                return "'+' must be a whole topic level.";
            }

            if (c == '#' && !(levelStart && i == filter.Length - 1))
            {
                return "'#' must be the whole last topic level.";
            }
        }

        return null;
    }
}
