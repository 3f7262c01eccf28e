using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace TokenService.Bench.Phases;

/// <summary>
/// A forwarding proxy between a service process and Azurite that counts the storage requests by
/// kind. Requests are forwarded byte for byte (same path, query, headers and body), so the Table
/// SDK's Shared Key signature, which covers the path but not the host, still verifies. Only used
/// in the round-trip phase: it would add a hop to every measured latency.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
    private readonly WebApplication _app;
    private readonly Uri _target;

    private CountingProxy(WebApplication app, Uri target, int port)
    {
        _app = app;
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public static async Task<CountingProxy> StartAsync(int port, Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var proxy = new CountingProxy(app, target, port);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync().ConfigureAwait(false);
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forward.Dispose();
    }

    /// <summary>What kind of Table Storage request this is, from its method and raw target.</summary>
    public static string Classify(string method, string rawTarget)
    {
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

    private async Task ForwardAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        _counts.AddOrUpdate(Classify(context.Request.Method, rawTarget), 1, (_, n) => n + 1);

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, rawTarget));
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _forward.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>The kinds of storage request the proxy tells apart.</summary>
public static class StorageRequestKinds
{
    public const string Transaction = "entity-group transaction";
    public const string PointRead = "point read";
    public const string Query = "range query";
    public const string CreateTable = "create table";
    public const string Delete = "delete";
    public const string OtherWrite = "other write";

    public static readonly IReadOnlyList<string> All = [Transaction, PointRead, Query, CreateTable, Delete, OtherWrite];
}
