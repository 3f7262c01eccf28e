using System.Globalization;
using System.Net;
using System.Text;
using TokenService.TestSupport.Ports;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// A stand-in OpenTelemetry collector: OTLP/HTTP with protobuf bodies on a free loopback port
/// (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>). It answers every export with 200 and
/// keeps the bodies, so a test can read the span and metric names a process exported and search
/// the raw bytes (protobuf strings are plain UTF-8) for what must never be there.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _exports = [];
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public IReadOnlyList<(string Path, byte[] Body)> Exports
    {
        get
        {
            lock (_exports)
            {
                return [.. _exports];
            }
        }
    }

    /// <summary>Names of the exported spans: ExportTraceServiceRequest.resource_spans / scope_spans / spans / name.</summary>
    public IReadOnlyList<string> SpanNames => Strings("/v1/traces", [1, 2, 2, 5]);

    /// <summary>Names of the exported metrics: ExportMetricsServiceRequest.resource_metrics / scope_metrics / metrics / name.</summary>
    public IReadOnlyList<string> MetricNames => Strings("/v1/metrics", [1, 2, 2, 1]);

    /// <summary>Every byte received, as text, for searching.</summary>
    public string AllText => string.Join('\n', Exports.Select(e => Encoding.UTF8.GetString(e.Body)));

    private List<string> Strings(string path, int[] fields) =>
        [.. Exports.Where(e => e.Path == path).SelectMany(e => ProtobufFields.Path(e.Body, fields)).Select(ProtobufFields.Text)];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_exports)
            {
                _exports.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            }

            // An empty Export*ServiceResponse is an empty protobuf message.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
