using TokenService.Rpc;

namespace TokenService.Accounts;

/// <summary>
/// What an AccessKey may do: a set of actions (<c>mq:RevokeToken</c>, ..., or <c>mq:*</c>) on a
/// set of instances (or <c>*</c>: every instance of the key's account). Stored as two
/// comma-separated strings.
/// </summary>
public sealed record AccessPolicy(IReadOnlySet<string> Actions, IReadOnlySet<string> Instances)
{
    public const string Wildcard = "*";
    public const string AllActions = "mq:*";

    public static readonly IReadOnlyList<string> KnownActions = [.. ApiActions.All.Select(Grant)];

    public static readonly AccessPolicy Unrestricted = new(
        new HashSet<string>(StringComparer.Ordinal) { AllActions },
        new HashSet<string>(StringComparer.Ordinal) { Wildcard });

    public bool AllowsAction(string action) => Actions.Contains(AllActions) || Actions.Contains(Grant(action));

    /// <summary>The policy entry that grants one action.</summary>
    public static string Grant(string action) => "mq:" + action;

    public bool AllowsInstance(string instanceId) => Instances.Contains(Wildcard) || Instances.Contains(instanceId);

    public bool Allows(string action, string instanceId) => AllowsAction(action) && AllowsInstance(instanceId);

    /// <summary>The rights both policies grant: a temporary credential never exceeds its parent.</summary>
    public AccessPolicy Intersect(AccessPolicy narrower) => new(
        IntersectSets(Actions, narrower.Actions, AllActions),
        IntersectSets(Instances, narrower.Instances, Wildcard));

    public string ActionsText => string.Join(',', Actions.Order(StringComparer.Ordinal));

    public string InstancesText => string.Join(',', Instances.Order(StringComparer.Ordinal));

    /// <summary>Parses the two lists; null or empty means "all". Unknown actions are rejected with a message.</summary>
    public static AccessPolicy Parse(string? actions, string? instances, out string? error)
    {
        error = null;
        var actionSet = Split(actions, AllActions);
        foreach (var action in actionSet)
        {
            if (action != AllActions && !KnownActions.Contains(action))
            {
                error = $"Unknown action '{action}'. Use {string.Join(", ", KnownActions)} or {AllActions}.";
            }
        }

        return new AccessPolicy(actionSet, Split(instances, Wildcard));
    }

    private static HashSet<string> Split(string? list, string all)
    {
        var items = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items.Length == 0
            ? new HashSet<string>(StringComparer.Ordinal) { all }
            : new HashSet<string>(items, StringComparer.Ordinal);
    }

    private static HashSet<string> IntersectSets(IReadOnlySet<string> a, IReadOnlySet<string> b, string all)
    {
        if (a.Contains(all))
        {
            return new HashSet<string>(b, StringComparer.Ordinal);
        }

        if (b.Contains(all))
        {
            return new HashSet<string>(a, StringComparer.Ordinal);
        }

        var result = new HashSet<string>(a, StringComparer.Ordinal);
        result.IntersectWith(b);
        return result;
    }
}
