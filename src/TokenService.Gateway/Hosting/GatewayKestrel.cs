using Microsoft.AspNetCore.Server.Kestrel.Core;
using TokenService.Gateway.Rpc;

namespace TokenService.Gateway.Hosting;

/// <summary>
/// The Kestrel settings of every host that serves the gateway, so that both answer alike:
/// no <c>Server</c> header (an answer carries the API's headers only; behind the Functions host
/// the worker's own response headers reach the client as they are, the worker's Kestrel
/// included), and limits at or above the gateway's caps, so that an oversized request still
/// reaches the gateway and gets the documented JSON error; only beyond Kestrel's hard limits is
/// it answered 414/431 without a body.
/// </summary>
public static class GatewayKestrel
{
    public static void Configure(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        // The gateway refuses bodies over its own cap (64 KiB) itself; Kestrel's limit is how
        // much of a refused body may still be read and discarded, so that the client's
        // keep-alive connection survives the refusal (see UnreadBody).
        kestrel.Limits.MaxRequestBodySize = GatewayLimits.MaxDrainBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
        kestrel.Limits.MaxRequestLineSize = 128 * 1024;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>For hosts that build their web host themselves (the Functions worker's ASP.NET Core integration).</summary>
    public static IServiceCollection ConfigureGatewayKestrel(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(Configure);
}
