using Microsoft.AspNetCore.Server.Kestrel.Core;
using TokenService.Gateway.Rpc;

namespace TokenService.Gateway.Hosting;

/// <summary>
/// The HTTP server limits both hosts give their Kestrel (the standalone server's own listener,
/// the worker's listener that the Functions host proxies to), so that the same request meets
/// the same bounds whichever host answers.
/// </summary>
public static class KestrelLimits
{
    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = GatewayLimits.MaxBodyBytes;
        // Kestrel's own limits sit well above the gateway's caps, so that an oversized query
        // or header set still reaches the gateway and gets the documented JSON error; only
        // beyond these hard limits does Kestrel answer 414/431 without a body.
        kestrel.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
        kestrel.Limits.MaxRequestLineSize = 128 * 1024;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
    }
}
