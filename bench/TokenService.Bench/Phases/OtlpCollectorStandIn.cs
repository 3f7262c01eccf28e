using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TokenService.Bench.Phases;

/// <summary>
/// Stands in for an OpenTelemetry collector: accepts OTLP/HTTP exports (<c>POST /v1/traces</c>,
/// <c>/v1/metrics</c>, <c>/v1/logs</c>) on a loopback port, reads each body in full, counts it and
/// answers 200 with an empty (valid) protobuf response. The service pays for serializing and
/// sending its telemetry as it would to a real collector; the stand-in does no processing.
/// </summary>
internal sealed class OtlpCollectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _exports;
    private long _bytes;

    private OtlpCollectorStandIn(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public string Endpoint { get; }

    public long Exports => Interlocked.Read(ref _exports);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<OtlpCollectorStandIn> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var collector = new OtlpCollectorStandIn(app, port);
        app.Run(collector.AcceptAsync);
        await app.StartAsync().ConfigureAwait(false);
        return collector;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        long length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        Interlocked.Increment(ref _exports);
        Interlocked.Add(ref _bytes, length);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
