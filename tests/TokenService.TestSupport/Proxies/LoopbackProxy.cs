using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace TokenService.TestSupport.Proxies;

/// <summary>
/// A reverse proxy on a loopback port (Kestrel on 127.0.0.1) in front of a store, the common core
/// of <see cref="FaultProxy"/> and <see cref="CountingProxy"/>. Requests are forwarded byte for
/// byte (the raw target, the headers but the hop-by-hop ones, the body), so the Table SDK's
/// SharedKey signature, which covers the path but not the host, still verifies; the store's answer
/// goes back the same way. A subclass decides what happens to each request on the way
/// (<see cref="HandleAsync"/>), and a service reaches the store only through the proxy once its
/// connection string is <see cref="Redirect"/>ed.
/// </summary>
public abstract class LoopbackProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Expect", "Content-Length",
    };

    private readonly HttpClient _upstream = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
    });

    private WebApplication? _app;

    /// <param name="port">The loopback port to listen on.</param>
    /// <param name="target">The store, <c>http://127.0.0.1:PORT/</c>.</param>
    protected LoopbackProxy(int port, Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Port = port;
        Target = target;
    }

    public int Port { get; }

    public Uri Target { get; }

    /// <summary>The same connection string with its table endpoint moved from the store to this proxy.</summary>
    public string Redirect(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var store = "//" + Target.Authority + "/";
        if (!connectionString.Contains(store, StringComparison.Ordinal))
        {
            throw new ArgumentException("The connection string does not point at the proxied store.", nameof(connectionString));
        }

        return connectionString.Replace(store, string.Create(CultureInfo.InvariantCulture, $"//127.0.0.1:{Port}/"), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _upstream.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Starts <paramref name="proxy"/> listening and returns it, or disposes it and throws (the
    /// port was taken meanwhile, say), so that no half-started proxy is left behind. A subclass's
    /// StartAsync calls it once.
    /// </summary>
    protected static async Task<TProxy> ListenAsync<TProxy>(TProxy proxy)
        where TProxy : LoopbackProxy
    {
        ArgumentNullException.ThrowIfNull(proxy);
        try
        {
            await proxy.ListenAsync().ConfigureAwait(false);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, Port);
        });
        _app = builder.Build();
        _app.Run(ReceiveAsync);
        await _app.StartAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Handles one request whose body has been read: <see cref="ForwardAsync"/> for the plain way
    /// through, or <see cref="SendAsync"/> and <see cref="RelayAsync"/> to step in between.
    /// </summary>
    /// <param name="context">The client's request and the answer to it.</param>
    /// <param name="rawTarget">The path and query exactly as the client sent them (still percent-encoded).</param>
    /// <param name="body">The request's body, read to its end.</param>
    protected abstract Task HandleAsync(HttpContext context, string rawTarget, byte[] body);

    /// <summary>Forwards the request to the store and its answer to the client.</summary>
    protected async Task ForwardAsync(HttpContext context, string rawTarget, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var answer = await SendAsync(context, rawTarget, body, context.RequestAborted).ConfigureAwait(false);
        await RelayAsync(context, answer).ConfigureAwait(false);
    }

    /// <summary>Sends the request to the store; the answer is read to its end (it has taken effect there).</summary>
    protected async Task<HttpResponseMessage> SendAsync(HttpContext context, string rawTarget, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"{Target.Scheme}://{Target.Authority}{rawTarget}")));
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            forwarded.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!forwarded.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers the client with the store's status, headers (but the hop-by-hop ones) and body.</summary>
    protected static async Task RelayAsync(HttpContext context, HttpResponseMessage answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        var answerBody = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        context.Response.ContentLength = answerBody.Length;
        await context.Response.Body.WriteAsync(answerBody, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        await HandleAsync(context, rawTarget, buffer.ToArray()).ConfigureAwait(false);
    }
}
