using System.Collections.Concurrent;

namespace TokenService.Ledger;

/// <summary>
/// What this process knows about the usage slots of the current second, per account and action:
/// which are taken (by any process). Picking a slot not known to be taken, at random, keeps
/// collisions between service instances rare; a collision only costs a retry, because the
/// store's insert-if-absent is what enforces the limit, not this hint.
/// </summary>
internal sealed class SlotHints
{
    private readonly ConcurrentDictionary<(string Account, string Action), Window> _windows = new();

    /// <summary>A free-looking slot in <paramref name="second"/>, or -1 when all <paramref name="limit"/> are known taken.</summary>
    public int Pick(string account, string action, long second, int limit)
    {
        var window = Current(account, action, second);
        lock (window)
        {
            if (window.Taken.Count >= limit)
            {
                return -1;
            }

            // Random probes first (cheap when few are taken), then a scan for the last few.
            for (var i = 0; i < 8; i++)
            {
                var candidate = Random.Shared.Next(limit);
                if (!window.Taken.Contains(candidate))
                {
                    return candidate;
                }
            }

            for (var candidate = 0; candidate < limit; candidate++)
            {
                if (!window.Taken.Contains(candidate))
                {
                    return candidate;
                }
            }

            return -1;
        }
    }

    public void MarkTaken(string account, string action, long second, IEnumerable<int> slots)
    {
        var window = Current(account, action, second);
        lock (window)
        {
            window.Taken.UnionWith(slots);
        }
    }

    private Window Current(string account, string action, long second)
    {
        var window = _windows.GetOrAdd((account, action), _ => new Window(second));
        if (window.Second == second)
        {
            return window;
        }

        var fresh = new Window(second);
        // Keep the newest second: a slow request must not reset a newer window.
        window = _windows.AddOrUpdate((account, action), fresh, (_, old) => old.Second >= second ? old : fresh);

        // A call still in an older second (it read the clock just before the turn) gets a private
        // window: the newer second's slots say nothing about its own, and what it learns about its
        // own second must not mark the newer second's slots taken (that refused calls the limit
        // still had room for).
        return window.Second == second ? window : fresh;
    }

    private sealed class Window(long second)
    {
        public long Second { get; } = second;
        public HashSet<int> Taken { get; } = [];
    }
}
