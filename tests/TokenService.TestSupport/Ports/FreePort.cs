using System.Net;
using System.Net.Sockets;

namespace TokenService.TestSupport.Ports;

/// <summary>
/// Loopback ports for the processes and proxies the tests and the bench start: one the kernel
/// chose a moment ago, and a wait until something listens on it (a process is ready once it
/// accepts connections, whatever it prints).
/// </summary>
public static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (the kernel's choice for port 0).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Returns once 127.0.0.1:<paramref name="port"/> accepts a connection; throws when
    /// <paramref name="stillRunning"/> says the process meant to listen exited, or after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<bool>? stillRunning = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (stillRunning is not null && !stillRunning())
            {
                throw new InvalidOperationException($"The process meant to listen on {port} exited.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25).ConfigureAwait(false);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout}.");
    }
}
