using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// EMQX 5's HTTP authentication and authorization. Authentication is the common CONNECT decision;
/// its answer carries <c>expire_at</c> (the first token's expiry: EMQX disconnects the client then)
/// and, for EMQX 5.8+, the grants as an <c>acl</c> list so that EMQX need not ask per topic.
/// Authorization answers from the stored session, for brokers that ask anyway.
/// </summary>
public sealed class EmqxAuthorizer
{
    private readonly ConnectAuthorizer _connect;
    private readonly SessionAuthorizer _sessions;

    /// <summary>Internal, so that its collaborators can stay internal: the container builds it in its folder's registration.</summary>
    internal EmqxAuthorizer(ConnectAuthorizer connect, SessionAuthorizer sessions)
    {
        _connect = connect;
        _sessions = sessions;
    }

    private const string SharedPrefix = "$share/";

    public Task<ConnectDecision> AuthenticateAsync(string? username, string? password, string? clientId, CancellationToken cancellationToken) =>
        _connect.DecideAsync(new ConnectRequest(BrokerNames.Emqx, clientId, username, password), cancellationToken);

    /// <summary><c>${action}</c> is <c>publish</c> or <c>subscribe</c>; anything else is denied.</summary>
    public Task<bool> AuthorizeAsync(string? clientId, string? username, string? action, string? topic, CancellationToken cancellationToken)
    {
        TokenActions needed = action switch
        {
            "publish" => TokenActions.Write,
            "subscribe" => TokenActions.Read,
            _ => TokenActions.None,
        };
        return needed is TokenActions.None || string.IsNullOrEmpty(topic)
            ? Task.FromResult(false)
            : _sessions.AllowsAsync(BrokerNames.Emqx, clientId, username, needed, WithoutShareGroup(topic), cancellationToken);
    }

    /// <summary>
    /// The session's grants as EMQX rules, closed by a deny of everything else; null when a filter
    /// holds <c>${</c>, which EMQX would read as a placeholder (then EMQX asks per topic instead).
    /// </summary>
    public static IReadOnlyList<EmqxAclRule>? AclFor(BrokerSession session)
    {
        if (session.Grants.Any(g => g.Filters.Any(f => f.Contains("${", StringComparison.Ordinal))))
        {
            return null;
        }

        var rules = session.Grants
            .SelectMany(g => g.Filters.Select(f => new EmqxAclRule("allow", ActionName(g.Type), f)))
            .Distinct()
            .ToList();
        rules.Add(new EmqxAclRule("deny", "all", "#"));
        return rules;
    }

    private static string ActionName(TokenActions type) => type switch
    {
        TokenActions.Read => "subscribe",
        TokenActions.Write => "publish",
        _ => "all",
    };

    // A shared subscription ($share/<group>/<filter>) reads the filter's messages: it is checked as the filter.
    private static string WithoutShareGroup(string topic)
    {
        if (!topic.StartsWith(SharedPrefix, StringComparison.Ordinal))
        {
            return topic;
        }

        var groupEnd = topic.IndexOf('/', SharedPrefix.Length);
        return groupEnd < 0 ? "" : topic[(groupEnd + 1)..];
    }
}
