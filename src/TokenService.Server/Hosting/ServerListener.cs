using System.Globalization;
using TokenService.Gateway.Rpc;

namespace TokenService.Server.Hosting;

/// <summary>
/// Where the standalone server listens: <c>127.0.0.1:$PORT</c> (default 7071, the port the
/// Functions host uses locally, so that scripts and clients need not care which host answers).
/// Loopback only: a local caller, or a reverse proxy on the same machine, is the only client.
/// </summary>
public static class ServerListener
{
    public const int DefaultPort = 7071;

    public static WebApplicationBuilder ListenOnLoopback(this WebApplicationBuilder builder)
    {
        var port = Port(builder.Configuration["PORT"]) ?? DefaultPort;
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The gateway refuses bodies over its own cap (64 KiB) itself; Kestrel's limit is how
            // much of a refused body may still be read and discarded, so that the client's
            // keep-alive connection survives the refusal (see UnreadBody).
            kestrel.Limits.MaxRequestBodySize = GatewayLimits.MaxDrainBytes;
            // Kestrel's own limits sit well above the gateway's caps, so that an oversized query
            // or header set still reaches the gateway and gets the documented JSON error; only
            // beyond these hard limits does Kestrel answer 414/431 without a body.
            kestrel.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
            kestrel.Limits.MaxRequestLineSize = 128 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    private static int? Port(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
}
