using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace TokenService.TestSupport.Proxies;

/// <summary>
/// A forwarding proxy between a service process and Azurite that counts the storage requests by
/// kind, as the caller's classifier names them (the bench passes the service's own, so that the
/// report and the service's telemetry speak of the same kinds). Requests are forwarded byte for byte (same path,
/// query, headers and body), so the Table SDK's Shared Key signature, which covers the path but not
/// the host, still verifies. The bench uses it only in the round-trip phase: it would add a hop to
/// every measured latency.
/// </summary>
public sealed class CountingProxy : LoopbackProxy
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Func<string, string, string> _classify;

    private CountingProxy(int port, Uri target, Func<string, string, string> classify)
        : base(port, target)
    {
        _classify = classify;
    }

    /// <param name="port">The loopback port to listen on.</param>
    /// <param name="target">The store, <c>http://127.0.0.1:PORT/</c>.</param>
    /// <param name="classify">The kind of a request from its method and its percent-decoded path (no query string).</param>
    public static async Task<CountingProxy> StartAsync(int port, Uri target, Func<string, string, string> classify)
    {
        return await ListenAsync(new CountingProxy(port, target, classify)).ConfigureAwait(false);
    }

    /// <summary>The counts since the last call, and a fresh start.</summary>
    public IReadOnlyDictionary<string, int> TakeCounts()
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in _counts.Keys)
        {
            if (_counts.TryRemove(kind, out var count))
            {
                taken[kind] = count;
            }
        }

        return taken;
    }

    protected override Task HandleAsync(HttpContext context, string rawTarget, byte[] body)
    {
        _counts.AddOrUpdate(_classify(context.Request.Method, Uri.UnescapeDataString(rawTarget.Split('?', 2)[0])), 1, (_, n) => n + 1);
        return ForwardAsync(context, rawTarget, body);
    }
}
