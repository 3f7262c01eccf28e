using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace TokenService.TestSupport.Proxies;

/// <summary>
/// A forwarding proxy between a service process and Azurite that counts the storage requests by
/// kind (<see cref="StorageRequestKinds"/>). Requests are forwarded byte for byte (same path,
/// query, headers and body), so the Table SDK's Shared Key signature, which covers the path but not
/// the host, still verifies. The bench uses it only in the round-trip phase: it would add a hop to
/// every measured latency.
/// </summary>
public sealed class CountingProxy : LoopbackProxy
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private CountingProxy(int port, Uri target)
        : base(port, target)
    {
    }

    /// <param name="port">The loopback port to listen on.</param>
    /// <param name="target">The store, <c>http://127.0.0.1:PORT/</c>.</param>
    public static async Task<CountingProxy> StartAsync(int port, Uri target)
    {
        var proxy = new CountingProxy(port, target);
        await proxy.ListenAsync().ConfigureAwait(false);
        return proxy;
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

    /// <summary>What kind of Table Storage request this is, from its method and raw target.</summary>
    public static string Classify(string method, string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var path = rawTarget.Split('?', 2)[0];
        var decoded = Uri.UnescapeDataString(path);
        return method switch
        {
            "POST" when decoded.EndsWith("/$batch", StringComparison.Ordinal) => StorageRequestKinds.Transaction,
            "POST" when decoded.EndsWith("/Tables", StringComparison.Ordinal) => StorageRequestKinds.CreateTable,
            "GET" when decoded.Contains("RowKey=", StringComparison.Ordinal) => StorageRequestKinds.PointRead,
            "GET" => StorageRequestKinds.Query,
            "DELETE" => StorageRequestKinds.Delete,
            _ => StorageRequestKinds.OtherWrite,
        };
    }

    protected override Task HandleAsync(HttpContext context, string rawTarget, byte[] body)
    {
        _counts.AddOrUpdate(Classify(context.Request.Method, rawTarget), 1, (_, n) => n + 1);
        return ForwardAsync(context, rawTarget, body);
    }
}
