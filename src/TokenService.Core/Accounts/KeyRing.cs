namespace TokenService.Accounts;

/// <summary>
/// A ring of named keys read from configuration: every key still opens what it sealed, one of
/// them (the current one) seals what is new. The secret-encryption keys and the token signing keys
/// are both rings; this is the one place that checks a ring is usable at startup (at least one
/// key, valid ids, a current key that exists, or a single key standing in for it), so both answer
/// a misconfiguration the same way, naming the app setting to fix.
/// </summary>
/// <typeparam name="TKey">The loaded form of one key.</typeparam>
internal sealed class KeyRing<TKey>
    where TKey : class
{
    private readonly Dictionary<string, TKey> _keys;

    private KeyRing(Dictionary<string, TKey> keys, string currentId)
    {
        _keys = keys;
        CurrentId = currentId;
        Current = keys[currentId];
    }

    public string CurrentId { get; }

    public TKey Current { get; }

    public IReadOnlyDictionary<string, TKey> All => _keys;

    public bool TryGet(string id, out TKey key) => _keys.TryGetValue(id, out key!);

    /// <summary>Loads every configured key, or throws <see cref="InvalidOperationException"/> naming the setting that is wrong.</summary>
    /// <param name="settings">How the ring's app settings are spelled, and what to say when none is set.</param>
    /// <param name="configured">Key id to the configured (base64) value.</param>
    /// <param name="currentId">The configured current id; may be omitted when exactly one key is configured.</param>
    /// <param name="idProblem">Why an id cannot be used, or null when it can.</param>
    /// <param name="load">Turns one configured value into a key, throwing <see cref="InvalidOperationException"/> when it is not one.</param>
    public static KeyRing<TKey> Load(
        KeyRingSettings settings,
        IReadOnlyDictionary<string, string> configured,
        string? currentId,
        Func<string, string?> idProblem,
        Func<string, string, TKey> load)
    {
        if (configured.Count == 0)
        {
            throw new InvalidOperationException(settings.NoKeyMessage);
        }

        var keys = new Dictionary<string, TKey>(StringComparer.Ordinal);
        foreach (var (id, value) in configured)
        {
            if (idProblem(id) is { } problem)
            {
                throw new InvalidOperationException($"{settings.KeysSetting}__{id}: {problem}");
            }

            keys[id] = load(id, value);
        }

        var current = currentId ?? (keys.Count == 1 ? keys.Keys.Single() : "");
        if (!keys.ContainsKey(current))
        {
            throw new InvalidOperationException($"{settings.CurrentSetting} '{currentId}' names no configured key in {settings.KeysSetting}.");
        }

        return new KeyRing<TKey>(keys, current);
    }
}

/// <summary>The app settings of one key ring, as an operator types them.</summary>
/// <param name="KeysSetting">The prefix of the keys, e.g. <c>Secrets__Keys</c>.</param>
/// <param name="CurrentSetting">The current key's setting, e.g. <c>Secrets__CurrentKeyId</c>.</param>
/// <param name="NoKeyMessage">What to say when no key is configured at all.</param>
internal sealed record KeyRingSettings(string KeysSetting, string CurrentSetting, string NoKeyMessage);
