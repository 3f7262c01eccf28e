using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// A client that behaves as a pooled keep-alive client (Node's agent, the SDKs) does: it sends each
/// request on the connection of the previous one unless that answer said <c>Connection: close</c>,
/// and it never retries. A server that closes a connection without saying so makes the next
/// request fail here, as it fails for those clients. The body is written while the answer is read,
/// as a real client does when the server answers early.
/// </summary>
public sealed class KeepAliveConnection(int port) : IDisposable
{
    private TcpClient? _client;
    private bool _mustReconnect = true;

    /// <summary>How many connections were opened so far.</summary>
    public int Connections { get; private set; }

    public async Task<ApiResponse> SendAsync(string method, string target, byte[]? body = null, string? contentType = RawHttp.FormType, bool chunked = false)
    {
        if (_mustReconnect)
        {
            _client?.Dispose();
            _client = new TcpClient();
            await _client.ConnectAsync(IPAddress.Loopback, port);
            Connections++;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stream = _client!.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
        if (body is not null)
        {
            head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n"));
            if (contentType is not null)
            {
                head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
            }
        }

        head.Append("\r\n");
        var writing = WriteAsync(stream, Encoding.ASCII.GetBytes(head.ToString()), body, chunked, timeout.Token);
        var response = await ReadResponseAsync(stream, timeout.Token);
        _mustReconnect = response.Headers.TryGetValue("connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase);
        try
        {
            await writing;
        }
        catch (IOException) when (_mustReconnect)
        {
            // The server said it would close and did so before the whole body was sent.
        }

        return response;
    }

    public void Dispose() => _client?.Dispose();

    private static async Task WriteAsync(NetworkStream stream, byte[] head, byte[]? body, bool chunked, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(head, cancellationToken);
        if (body is null)
        {
            return;
        }

        if (!chunked)
        {
            await stream.WriteAsync(body, cancellationToken);
            return;
        }

        for (var offset = 0; offset < body.Length; offset += 8192)
        {
            var size = Math.Min(8192, body.Length - offset);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            await stream.WriteAsync(body.AsMemory(offset, size), cancellationToken);
            await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
    }

    private static async Task<ApiResponse> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection without an answer.");
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var lines = Encoding.ASCII.GetString([.. received.Take(headEnd)]).Split("\r\n");
        var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .GroupBy(h => h.Name)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(h => h.Value)), StringComparer.Ordinal);
        var length = int.Parse(headers.GetValueOrDefault("content-length", "0"), CultureInfo.InvariantCulture);
        var body = received.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection in the middle of an answer.");
            }

            body.AddRange(buffer.AsSpan(0, read));
        }

        return new ApiResponse(status, Encoding.UTF8.GetString([.. body.Take(length)]), headers);
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
