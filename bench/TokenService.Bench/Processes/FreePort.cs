using System.Net;
using System.Net.Sockets;

namespace TokenService.Bench.Processes;

public static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (the kernel's choice for port 0).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
