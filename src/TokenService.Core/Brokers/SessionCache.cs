using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TokenService.Brokers;

/// <summary>
/// Sessions a process wrote or read, for at most <see cref="BrokerOptions.SessionCacheSeconds"/>:
/// a device's publishes are checked one by one, and without this each would be a storage read.
/// Bounded (cleared when full), so random client ids cannot grow memory.
/// </summary>
internal sealed class SessionCache(IOptions<BrokerOptions> options, TimeProvider clock)
{
    private const int Capacity = 50_000;

    private readonly ConcurrentDictionary<(string, string), (BrokerSession Session, DateTimeOffset Until)> _entries = new();
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.SessionCacheSeconds);

    public BrokerSession? Get(string broker, string clientId) =>
        _entries.TryGetValue((broker, clientId), out var entry) && entry.Until > clock.GetUtcNow() ? entry.Session : null;

    public void Put(BrokerSession session)
    {
        if (_ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[(session.Broker, session.ClientId)] = (session, clock.GetUtcNow() + _ttl);
    }

    public void Forget(string broker, string clientId) => _entries.TryRemove((broker, clientId), out _);
}
