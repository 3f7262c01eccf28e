using System.Globalization;
using TokenService.Gateway.Hosting;

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
        builder.WebHost.ConfigureKestrel(GatewayKestrel.Configure);
        return builder;
    }

    private static int? Port(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
}
