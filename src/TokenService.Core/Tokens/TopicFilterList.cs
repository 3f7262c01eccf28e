using System.Diagnostics.CodeAnalysis;

namespace TokenService.Tokens;

/// <summary>The ApplyToken <c>Resources</c> parameter, normalized, or why it is invalid.</summary>
internal sealed class TopicFilterList
{
    private TopicFilterList(IReadOnlyList<string> filters, string? error)
    {
        Filters = filters;
        Error = error;
    }

    /// <summary>Distinct, sorted ordinal; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<string> Filters { get; }

    /// <summary>A sentence fit for <c>InvalidParameter.Resources</c>.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    internal static TopicFilterList Valid(IReadOnlyList<string> filters) => new(filters, null);

    internal static TopicFilterList Invalid(string error) => new([], error);
}
