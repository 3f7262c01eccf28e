using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using TokenService.TestSupport.Ports;

namespace TokenService.TestSupport.Proxies;

/// <summary>
/// A reverse proxy on a free loopback port in front of Azurite's table endpoint. A service whose
/// <c>TableEndpoint</c> points here (<see cref="LoopbackProxy.Redirect"/>) reaches the store only
/// through it, so a test can count the store round trips of each call (<see cref="Requests"/>) and
/// inject faults into the requests it picks (<see cref="Arm"/>): refused before they reach the
/// store, or forwarded (they take effect) with the answer lost on the way back, the ambiguous
/// failure a retry must survive, or held without an answer (a hanging store), or held and applied
/// late (a frozen store that wakes up). Requests are forwarded byte for byte (raw target, headers,
/// body), so the SharedKey signatures still verify.
/// </summary>
public sealed partial class FaultProxy : LoopbackProxy
{
    private readonly List<ProxiedRequest> _requests = [];
    private readonly List<Rule> _rules = [];

    private FaultProxy(int targetPort)
        : base(FreePort.Next(), new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{targetPort}/")))
    {
    }

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
        return await ListenAsync(new FaultProxy(targetPort)).ConfigureAwait(false);
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

    protected override async Task HandleAsync(HttpContext context, string rawTarget, byte[] body)
    {
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var request = new ProxiedRequest(
            context.Request.Method,
            Uri.UnescapeDataString(queryStart < 0 ? rawTarget : rawTarget[..queryStart]),
            queryStart < 0 ? "" : Uri.UnescapeDataString(rawTarget[queryStart..]),
            body,
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
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up on the try: what a hanging store sees.
            }

            return;
        }

        if (request.Fault is StoreFault.HeldThenForwarded)
        {
            await rule!.Released.Task.ConfigureAwait(false);
            using var ignored = await SendAsync(context, rawTarget, body, CancellationToken.None).ConfigureAwait(false);
            lock (_rules)
            {
                rule.Forwarded++;
            }

            return;
        }

        if (request.Fault is StoreFault.ServerBusyBeforeStore or StoreFault.InternalErrorBeforeStore)
        {
            await WriteStoreErrorAsync(context, request.Fault.Value).ConfigureAwait(false);
            return;
        }

        using var answer = await SendAsync(context, rawTarget, body, context.RequestAborted).ConfigureAwait(false);
        switch (request.Fault)
        {
            case StoreFault.ConnectionDroppedAfterStore:
                context.Abort();
                return;
            case StoreFault.ServerBusyAfterStore:
                await WriteStoreErrorAsync(context, StoreFault.ServerBusyAfterStore).ConfigureAwait(false);
                return;
        }

        await RelayAsync(context, answer).ConfigureAwait(false);
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
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
