using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// What one presented token lets the connection do: the type it was listed with (R, W or RW,
/// never more than the token grants) on the token's topic filters.
/// </summary>
public sealed record SessionGrant(TokenActions Type, IReadOnlyList<string> Filters)
{
    /// <summary>
    /// True when this grant allows <paramref name="needed"/> on a topic (publish) or filter
    /// (subscribe), by the same rule as the token itself (<see cref="TokenAuthorizer"/>).
    /// <paramref name="grantedAs"/> is how the broker sees a granted filter, when it differs (RabbitMQ).
    /// </summary>
    public bool Allows(TokenActions needed, string topicOrFilter, Func<string, string>? grantedAs = null) =>
        needed is not TokenActions.None && (needed & ~Type) == TokenActions.None
        && TopicFilters.IsValidRequest(topicOrFilter)
        && Filters.Any(filter => TokenAuthorizer.Covers(grantedAs is null ? filter : grantedAs(filter), topicOrFilter));
}
