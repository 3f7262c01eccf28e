using System.Collections.Concurrent;

namespace TokenService.Accounts;

/// <summary>
/// A small time-bounded cache of positive look-ups. Misses are never cached (a key created a
/// moment ago works at once) and the cache is bounded, so random ids sent by a caller cannot
/// grow memory.
/// </summary>
internal sealed class TtlCache<T>(TimeProvider clock, TimeSpan ttl, int capacity = 10_000)
    where T : class
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public async ValueTask<T?> GetOrLoadAsync(string key, Func<string, CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Value;
        }

        var value = await load(key, cancellationToken).ConfigureAwait(false);
        if (value is null || ttl <= TimeSpan.Zero)
        {
            _entries.TryRemove(key, out _);
            return value;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (value, now + ttl);
        return value;
    }
}
