using TokenService.Bench.Clients;
using TokenService.Bench.Load;
using TokenService.Bench.Setup;
using TokenService.TestSupport.Ports;
using TokenService.TestSupport.Processes;

namespace TokenService.Bench.Phases;

/// <summary>What telemetry costs: QueryToken throughput with telemetry off and exported over OTLP.</summary>
internal sealed record TelemetryCost(IReadOnlyList<LoadResult> Off, IReadOnlyList<LoadResult> On, long Exports, long ExportedBytes)
{
    /// <summary>The target: telemetry on costs at most 10 % of the throughput.</summary>
    public const double MinThroughputRatio = 0.9;

    public double OffThroughput => Off.Sum(r => r.Succeeded) / Off.Sum(r => r.Duration.TotalSeconds);

    public double OnThroughput => On.Sum(r => r.Succeeded) / On.Sum(r => r.Duration.TotalSeconds);

    public double Ratio => OnThroughput / OffThroughput;

    public bool Met => Ratio >= MinThroughputRatio;
}

/// <summary>
/// QueryToken (a point read and a commit: four spans and a dozen measurements per call) against
/// two service processes started side by side, one with telemetry off and one exporting traces,
/// metrics and logs to <see cref="OtlpCollectorStandIn"/> over OTLP/HTTP protobuf every second
/// (production defaults are 5 s for spans and 60 s for metrics: this is the harder case). Both
/// are warmed up alike, then measured in eight turns of half a phase each; the idle one only waits.
/// </summary>
internal static class TelemetryCostPhase
{
    public static async Task<TelemetryCost> RunAsync(
        string program, BenchSettings settings, HttpClient http, BenchOptions options, CpuMeter cpu, Action<string> progress)
    {
        await using var collector = await OtlpCollectorStandIn.StartAsync(FreePort.Next()).ConfigureAwait(false);
        var exporting = settings.With(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "mqtt-token-service-bench"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "1000"),
            ("OTEL_BSP_SCHEDULE_DELAY", "1000"),
            ("OTEL_BLRP_SCHEDULE_DELAY", "1000"));
        await using var quiet = ServiceProcess.Start(program, settings.Values, FreePort.Next());
        await using var observed = ServiceProcess.Start(program, exporting.Values, FreePort.Next());
        var sides = new Dictionary<bool, (ServiceProcess Service, ServicePhases Calls)>
        {
            [false] = (quiet, await PrepareAsync(quiet, settings, "otel-off", http, options).ConfigureAwait(false)),
            [true] = (observed, await PrepareAsync(observed, settings, "otel-on", http, options).ConfigureAwait(false)),
        };
        foreach (var (service, calls) in sides.Values)
        {
            cpu.ServicePid = service.Pid;
            await calls.QueryAsync(options.Concurrency, TimeSpan.Zero, options.Warmup + options.Warmup, cpu, null).ConfigureAwait(false);
        }

        var off = new List<LoadResult>();
        var on = new List<LoadResult>();
        // Short turns, in an order that is its own mirror image twice over: a machine whose speed
        // drifts during the phase (another process starting, the store's heap growing) slows
        // both sides alike instead of the one measured last.
        var turn = options.Duration / 2;
        foreach (var telemetry in new[] { false, true, true, false, true, false, false, true })
        {
            var (service, calls) = sides[telemetry];
            cpu.ServicePid = service.Pid;
            var name = telemetry ? "QueryToken (telemetry on)" : "QueryToken (telemetry off)";
            var result = await calls.QueryAsync(options.Concurrency, options.Warmup, turn, cpu, null).ConfigureAwait(false) with { Name = name };
            progress($"{name}: {result.Throughput:0} calls/s, p99 {result.P99Milliseconds:0.0} ms, {result.Failed} failed");
            (telemetry ? on : off).Add(result);
        }

        var cost = new TelemetryCost(off, on, collector.Exports, collector.Bytes);
        progress($"telemetry: {cost.OnThroughput:0} calls/s on vs {cost.OffThroughput:0} off, ratio {cost.Ratio:0.00} (target >= {TelemetryCost.MinThroughputRatio:0.00}); {cost.Exports} OTLP exports, {cost.ExportedBytes / 1024} KiB");
        return cost;
    }

    private static async Task<ServicePhases> PrepareAsync(ServiceProcess service, BenchSettings settings, string group, HttpClient http, BenchOptions options)
    {
        var tenants = await Tenants.SeedAsync(settings, group, options.Accounts, CancellationToken.None).ConfigureAwait(false);
        var clients = tenants.Keys.Select(k => new SignedRpcClient(http, service.BaseAddress, k)).ToList();
        await WaitUntilListeningAsync(service, clients[0]).ConfigureAwait(false);
        var calls = new ServicePhases(clients, tenants);
        await calls.PrepareAsync(CancellationToken.None).ConfigureAwait(false);
        return calls;
    }

    private static async Task WaitUntilListeningAsync(ServiceProcess service, SignedRpcClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.QueryAsync(client.Key.InstanceId, "warm-up", CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !service.Exited)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }
}
