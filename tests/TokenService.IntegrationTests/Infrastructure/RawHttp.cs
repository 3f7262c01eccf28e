using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TokenService.Signatures;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>Hand-built requests for transport edges: any method, any target, any bytes, any content type.</summary>
public static class RawHttp
{
    public const string FormType = "application/x-www-form-urlencoded";

    /// <summary>Parameters as a well-formed form (or query) string, in the given order.</summary>
    public static string Form(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));

    public static Task<ApiResponse> SendAsync(HttpClient http, string method, string target, string body, string? contentType = FormType) =>
        SendAsync(http, method, target, Encoding.UTF8.GetBytes(body), contentType);

    public static async Task<ApiResponse> SendAsync(HttpClient http, string method, string target, byte[]? body = null, string? contentType = FormType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return await SignedClient.ReadAsync(await http.SendAsync(request));
    }

    /// <summary>
    /// HTTP/1.1 written byte for byte on a socket, for targets <see cref="HttpClient"/> would
    /// repair (it re-escapes a stray <c>%</c> as <c>%25</c>). One request per connection.
    /// </summary>
    public static async Task<ApiResponse> SendOverSocketAsync(int port, string method, string target, byte[]? body = null, string? contentType = FormType, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{port}\r\n")
            .Append("Connection: close\r\n");
        if (body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
            if (contentType is not null)
            {
                head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
            }
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancel.Token);
        if (body is not null)
        {
            await stream.WriteAsync(body, cancel.Token);
        }

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cancel.Token);
        return Parse(answer.ToArray());
    }

    private static ApiResponse Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .GroupBy(h => h.Name)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(h => h.Value)), StringComparer.Ordinal);
        var body = text[(split + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new ApiResponse(status, body, headers);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(chunked[position..end].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, end + 2, size);
            position = end + 2 + size + 2;
        }
    }
}
