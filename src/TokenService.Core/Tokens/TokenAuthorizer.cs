namespace TokenService.Tokens;

/// <summary>
/// The broker's question, answered from the claims alone: may this client publish to (Write) or
/// subscribe to (Read) this topic or topic filter? Instance, expiry and revocation are the caller's
/// checks; this is the topic half.
/// </summary>
internal static class TokenAuthorizer
{
    /// <summary>
    /// True when the claims grant every action in <paramref name="needed"/> and one of their filters
    /// covers <paramref name="topicOrFilter"/>: a concrete topic for a publish, a filter for a subscribe.
    /// </summary>
    public static bool Allows(this TokenClaims claims, TokenActions needed, string topicOrFilter)
    {
        if (needed is TokenActions.None || (needed & ~claims.Actions) != TokenActions.None
            || !TopicFilters.IsValidRequest(topicOrFilter))
        {
            return false;
        }

        foreach (var granted in claims.Resources)
        {
            if (Covers(granted, topicOrFilter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when every topic that <paramref name="requested"/> matches is also matched by
    /// <paramref name="granted"/> (MQTT 3.1.1 section 4.7: <c>+</c> is one level, <c>#</c> the rest,
    /// including the parent level). For a concrete topic this is plain topic matching.
    /// </summary>
    public static bool Covers(string granted, string requested)
    {
        // A leading wildcard never matches a $-topic ($SYS/...), so it cannot cover one either.
        if (requested.StartsWith('$') && granted.Length > 0 && granted[0] is '+' or '#')
        {
            return false;
        }

        var grantedLevels = granted.AsSpan().Split('/');
        var requestedLevels = requested.AsSpan().Split('/');
        while (true)
        {
            var hasGranted = grantedLevels.MoveNext();
            var hasRequested = requestedLevels.MoveNext();
            var grantedLevel = hasGranted ? granted.AsSpan()[grantedLevels.Current] : default;
            if (hasGranted && grantedLevel is "#")
            {
                return true;
            }

            if (!hasGranted || !hasRequested)
            {
                return hasGranted == hasRequested;
            }

            var requestedLevel = requested.AsSpan()[requestedLevels.Current];
            if (requestedLevel is "#")
            {
                return false;
            }

            if (grantedLevel is "+")
            {
                continue;
            }

            if (requestedLevel is "+" || !grantedLevel.SequenceEqual(requestedLevel))
            {
                return false;
            }
        }
    }
}
