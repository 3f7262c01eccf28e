using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// A reverse proxy on a free loopback port in front of Azurite's table endpoint. A service whose
/// <c>TableEndpoint</c> points here (<see cref="Redirect"/>) reaches the store only through it, so
/// a test can count the store round trips of each call (<see cref="Requests"/>) and inject faults
/// into the requests it picks (<see cref="Arm"/>): refused before they reach the store, or
/// forwarded (they take effect) with the answer lost on the way back, the ambiguous failure a
/// retry must survive, or held without an answer (a hanging store), or held and applied late (a
/// frozen store that wakes up). Requests are forwarded byte for byte (raw target, headers, body), so the
/// SharedKey signatures still verify.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Expect", "Content-Length",
    };

    private readonly int _targetPort;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
    });

    private readonly List<ProxiedRequest> _requests = [];
    private readonly List<Rule> _rules = [];
    private WebApplication? _app;

    private FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
    }

    public int Port { get; } = FreePort.Next();

    /// <summary>Every request seen since the start or the last <see cref="ClearRequests"/>, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FaultProxy> StartAsync(int targetPort)
    {
        var proxy = new FaultProxy(targetPort);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, proxy.Port);
        });
        proxy._app = builder.Build();
        proxy._app.Run(proxy.HandleAsync);
        await proxy._app.StartAsync();
        return proxy;
    }

    /// <summary>The same connection string with its table endpoint moved from the store to this proxy.</summary>
    public string Redirect(string connectionString)
    {
        var store = string.Create(CultureInfo.InvariantCulture, $"//127.0.0.1:{_targetPort}/");
        if (!connectionString.Contains(store, StringComparison.Ordinal))
        {
            throw new ArgumentException("The connection string does not point at the proxied store.", nameof(connectionString));
        }

        return connectionString.Replace(store, string.Create(CultureInfo.InvariantCulture, $"//127.0.0.1:{Port}/"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Injects <paramref name="fault"/> into the next <paramref name="times"/> requests that match
    /// (<see cref="int.MaxValue"/>: every one). Rules are tried in the order they were armed.
    /// </summary>
    public ArmedFault Arm(Func<ProxiedRequest, bool> match, StoreFault fault, int times = 1)
    {
        var rule = new Rule(match, fault, times);
        lock (_rules)
        {
            _rules.Add(rule);
        }

        return new ArmedFault(rule, _rules);
    }

    public void DisarmAll()
    {
        lock (_rules)
        {
            _rules.Clear();
        }
    }

    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = new ProxiedRequest(
            context.Request.Method,
            Uri.UnescapeDataString(queryStart < 0 ? rawTarget : rawTarget[..queryStart]),
            queryStart < 0 ? "" : Uri.UnescapeDataString(rawTarget[queryStart..]),
            buffer.ToArray(),
            DateTimeOffset.UtcNow);
        var rule = TakeRule(request);
        request = request with { Fault = rule?.Fault };
        lock (_requests)
        {
            _requests.Add(request);
        }

        if (request.Fault is StoreFault.StallBeforeStore)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up on the try: what a hanging store sees.
            }

            return;
        }

        if (request.Fault is StoreFault.HeldThenForwarded)
        {
            await rule!.Released.Task;
            using var late = Forward(context, rawTarget, request.Body);
            using var ignored = await _upstream.SendAsync(late, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
            lock (_rules)
            {
                rule.Forwarded++;
            }

            return;
        }

        if (request.Fault is StoreFault.ServerBusyBeforeStore or StoreFault.InternalErrorBeforeStore)
        {
            await WriteStoreErrorAsync(context, request.Fault.Value);
            return;
        }

        using var forwarded = Forward(context, rawTarget, request.Body);
        using var answer = await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        var answerBody = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        switch (request.Fault)
        {
            case StoreFault.ConnectionDroppedAfterStore:
                context.Abort();
                return;
            case StoreFault.ServerBusyAfterStore:
                await WriteStoreErrorAsync(context, StoreFault.ServerBusyAfterStore);
                return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        context.Response.ContentLength = answerBody.Length;
        await context.Response.Body.WriteAsync(answerBody, context.RequestAborted);
    }

    private HttpRequestMessage Forward(HttpContext context, string rawTarget, byte[] body)
    {
        var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_targetPort}{rawTarget}")));
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

        return forwarded;
    }

    private Rule? TakeRule(ProxiedRequest request)
    {
        lock (_rules)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining > 0 && rule.Match(request))
                {
                    rule.Remaining--;
                    rule.Hits++;
                    return rule;
                }
            }
        }

        return null;
    }

    /// <summary>An error as Table Storage words it (OData JSON, <c>x-ms-error-code</c>), so the SDK classifies it as it would a real one.</summary>
    private static async Task WriteStoreErrorAsync(HttpContext context, StoreFault fault)
    {
        var (status, code, message) = fault == StoreFault.InternalErrorBeforeStore
            ? (500, "InternalError", "Server encountered an internal error. Please try again after some time.")
            : (503, "ServerBusy", "The server is busy.");
        var requestId = Guid.NewGuid().ToString();
        var body = Encoding.UTF8.GetBytes(
            $"{{\"odata.error\":{{\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"{message}\\nRequestId:{requestId}\\nTime:{DateTime.UtcNow:O}\"}}}}}}");
        context.Response.StatusCode = status;
        context.Response.Headers["x-ms-error-code"] = code;
        context.Response.Headers["x-ms-request-id"] = requestId;
        context.Response.ContentType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    internal sealed class Rule(Func<ProxiedRequest, bool> match, StoreFault fault, int times)
    {
        public Func<ProxiedRequest, bool> Match { get; } = match;
        public StoreFault Fault { get; } = fault;
        public int Remaining { get; set; } = times;
        public int Hits { get; set; }
        public int Forwarded { get; set; }
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An armed rule: how often it fired so far, and a way to stop it.</summary>
    public sealed class ArmedFault
    {
        private readonly Rule _rule;
        private readonly object _gate;

        internal ArmedFault(Rule rule, object gate)
        {
            _rule = rule;
            _gate = gate;
        }

        public int Hits
        {
            get
            {
                lock (_gate)
                {
                    return _rule.Hits;
                }
            }
        }

        /// <summary>Requests held by <see cref="StoreFault.HeldThenForwarded"/> that reached the store and were answered there.</summary>
        public int Forwarded
        {
            get
            {
                lock (_gate)
                {
                    return _rule.Forwarded;
                }
            }
        }

        /// <summary>Stops holding requests and forwards the held ones to the store.</summary>
        public void Release()
        {
            Disarm();
            _rule.Released.TrySetResult();
        }

        public void Disarm()
        {
            lock (_gate)
            {
                _rule.Remaining = 0;
            }
        }
    }
}
