using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TokenService.Gateway.Brokers;
using TokenService.Gateway.Rpc;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Telemetry;
using TokenService.TestSupport.Ports;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// The standalone server's composition (the core, the gateway, the service's telemetry signals
/// with their instrumentation) in this process, on Kestrel on a free loopback port, with the
/// in-memory exporter for spans and metrics and <see cref="CapturedLogs"/> for logs instead of a
/// network exporter. Calls reach it over real HTTP.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<Activity> _spans = [];

    private InProcessServer(WebApplication app, List<Activity> spans, List<MetricSnapshot> metrics, CapturedLogs logs)
    {
        _app = app;
        _spans = spans;
        _metrics = metrics;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single() + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public static async Task<InProcessServer> StartAsync(ServiceSettings settings)
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));
        builder.Configuration.AddInMemoryCollection(settings.Values.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)));
        builder.Services.AddTokenService(builder.Configuration).AddBrokerGateway();
        builder.Services.AddTokenServiceSignals()
            .WithTracing(tracing => tracing.AddInMemoryExporter(new LockedCollection<Activity>(spans)))
            // A long interval: tests read the metrics by flushing, not by waiting.
            .WithMetrics(meters => meters.AddInMemoryExporter(new LockedCollection<MetricSnapshot>(metrics), reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000))
            .WithLogging(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(logs)));
        var app = builder.Build();
        app.MapRpcGateway();
        app.MapBrokerEndpoints();
        await app.StartAsync();
        return new InProcessServer(app, spans, metrics, logs);
    }

    public SignedClient ClientFor(Tenant tenant) => new(Http, tenant.AccessKeyId, tenant.Secret);

    /// <summary>Every metric point of the service and the instrumentation as of now (cumulative since start).</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        lock (_metrics)
        {
            _metrics.Clear();
        }

        Assert.True(_app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "metrics flush timed out");
        lock (_metrics)
        {
            return [.. _metrics];
        }
    }

    /// <summary>The sum of a counter over the points whose attributes include all of <paramref name="tags"/>.</summary>
    public long CounterValue(string name, params (string Key, object Value)[] tags) =>
        CollectMetrics()
            .Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(point => tags.All(tag => ExportedText.TagsOf(point).Any(t => t.Key == tag.Key && Equals(t.Value, tag.Value))))
            .Sum(point => point.GetSumLong());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
