using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TokenService.Bench.Clients;
using TokenService.Bench.Load;
using TokenService.Bench.Phases;
using TokenService.Bench.Processes;
using TokenService.Bench.Reporting;
using TokenService.Bench.Setup;
using TokenService.TestSupport.Ports;
using TokenService.TestSupport.Processes;

namespace TokenService.Bench;

/// <summary>
/// The whole run, in order: seed, baseline and service phases paired (upsert then RevokeToken,
/// point read then QueryToken, then ApplyToken) so each pair sees the store at a similar size,
/// peak memory, round trips, cold starts; then the report.
/// </summary>
internal sealed class BenchRun(BenchOptions options)
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    /// <summary>Progress goes to standard error, the report to standard output.</summary>
    private readonly IAnsiConsole _log = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>On a terminal, a spinner with the step in progress under the progress lines; none in a log file.</summary>
    private StatusContext? _status;

    public async Task<int> RunAsync()
    {
        ReportFiles.NoWrapInLogFile(_log, Console.IsErrorRedirected);
        var report = _log.Profile.Capabilities is { Interactive: true, Ansi: true }
            ? await _log.Status().StartAsync("starting", status => { _status = status; return MeasureAsync(); }).ConfigureAwait(false)
            : await MeasureAsync().ConfigureAwait(false);
        _status = null;
        ReportFiles.Write(report, options);
        return Verdict(report);
    }

    private async Task<BenchReport> MeasureAsync()
    {
        var loadBefore = ProcFs.LoadAverage();
        Progress($"load average before: {loadBefore}; {Environment.ProcessorCount} cores");
        var settings = BenchSettings.Create(options.AzuritePort).With(options.ServiceEnvironment.Select(e => (e.Key, e.Value)).ToArray());
        using var http = LoadClient(options.Concurrency);
        var cpu = new CpuMeter(options.AzuritePid);
        var store = new TableRestClient(http, new Uri($"http://127.0.0.1:{options.AzuritePort.ToString(CultureInfo.InvariantCulture)}/{TableRestClient.AzuriteAccount}"));
        var ledger = settings.TablePrefix + "Ledger";

        Progress($"seeding {options.Accounts} accounts");
        var tenants = await Tenants.SeedAsync(settings, "bench", options.Accounts, CancellationToken.None).ConfigureAwait(false);

        Progress($"starting {options.Server}");
        LoadResult upsert, read, revoke, query, apply, rawRevoke, rawQuery, rawApply;
        long peak, sampledPeak, mintedLate = 0;
        await using (var service = ServiceProcess.Start(options.Server, settings.Values, FreePort.Next()))
        {
            cpu.ServicePid = service.Pid;
            var first = new SignedRpcClient(http, service.BaseAddress, tenants.Keys[0]);
            await ColdStartPhase.WaitUntilAnsweringAsync(service, () => first.QueryAsync(tenants.Keys[0].InstanceId, "warm-up", CancellationToken.None), TimeSpan.FromSeconds(30)).ConfigureAwait(false);

            // Every phase on partitions of its own (baseline) or accounts of its own (service), all in
            // the service's Ledger table: Azurite's point read scans the partition's rows, so no phase
            // may inherit another's partitions. Each service call runs right after its baselines.
            async Task<ServicePhases> CallsAsync(string group)
            {
                var own = await Tenants.SeedAsync(settings, group, options.Accounts, CancellationToken.None).ConfigureAwait(false);
                var calls = new ServicePhases(own.Keys.Select(k => new SignedRpcClient(http, service.BaseAddress, k)).ToList(), own);
                await calls.PrepareAsync(CancellationToken.None).ConfigureAwait(false);
                return calls;
            }

            BaselinePhases Raw(string group) => new(store, ledger, options.Accounts, group);

            await using (var sampler = new RssSampler(service.Pid))
            {
                var (c, w, d) = (options.Concurrency, options.Warmup, options.Duration);
                if (!options.Smoke)
                {
                    await WarmUpAsync(Raw("raw-warm"), await CallsAsync("warm").ConfigureAwait(false), cpu).ConfigureAwait(false);
                }

                upsert = Done(await Raw("raw-upsert").UpsertAsync(c, w, d, cpu, Progress).ConfigureAwait(false));
                rawRevoke = Done(await Raw("raw-revoke").RevokeEquivalentAsync(c, w, d, cpu, Progress).ConfigureAwait(false));
                var revokes = await CallsAsync("revoke").ConfigureAwait(false);
                var expected = (int)Math.Min(200_000, (rawRevoke.Throughput * (w + d).TotalSeconds * 1.5) + 100);
                revoke = Done(await revokes.RevokeAsync(c, w, d, expected, cpu, Progress).ConfigureAwait(false));
                mintedLate = revokes.TokensMintedLate;

                var reads = Raw("raw-read");
                await reads.PrepareReadsAsync(CancellationToken.None).ConfigureAwait(false);
                read = Done(await reads.PointReadAsync(c, w, d, cpu, Progress).ConfigureAwait(false));
                rawQuery = Done(await Raw("raw-query").QueryEquivalentAsync(c, w, d, cpu, Progress).ConfigureAwait(false));
                query = Done(await (await CallsAsync("query").ConfigureAwait(false)).QueryAsync(c, w, d, cpu, Progress).ConfigureAwait(false));

                rawApply = Done(await Raw("raw-apply").ApplyEquivalentAsync(c, w, d, cpu, Progress).ConfigureAwait(false));
                apply = Done(await (await CallsAsync("apply").ConfigureAwait(false)).ApplyAsync(c, w, d, cpu, Progress).ConfigureAwait(false));
                sampledPeak = sampler.MaxBytes;
            }

            peak = service.PeakResidentBytes ?? throw new InvalidOperationException("The service exited during the load:\n" + service.Output);
            Progress($"service peak resident set {ReportTables.MiB(peak)} MiB");
        }

        var telemetry = await TelemetryCostPhase.RunAsync(options.Server, settings, http, options, cpu, Progress).ConfigureAwait(false);
        var roundTrips = await RoundTripPhase.RunAsync(settings, tenants, options.Server, options.AzuritePort, options.Smoke ? 5 : 50, http, Progress).ConfigureAwait(false);

        // Cold starts of the three builds in one run, alternating so that a slow moment of the
        // machine does not fall on one build only.
        var builds = new List<(string Name, Func<Task<ColdStart>> Start)>
        {
            ("function app, ReadyToRun (artifacts/functionapp)", () => FunctionAppColdStart.RunOnceAsync(options.FunctionApp, settings, tenants, http)),
        };
        if (options.FunctionAppJit is { } jit)
        {
            builds.Add(("function app, JIT (artifacts/functionapp-jit)", () => FunctionAppColdStart.RunOnceAsync(jit, settings, tenants, http)));
        }

        builds.Add(("standalone server (dotnet TokenService.Server.dll)", () => ColdStartPhase.RunOnceAsync(options.Server, settings, tenants)));
        var coldStarts = await ColdStartPhase.AlternateAsync(builds, options.ColdStarts, Progress).ConfigureAwait(false);

        var report = new BenchReport
        {
            Options = options,
            Machine = MachineInfo.Describe(options.Repository),
            LoadBefore = loadBefore,
            LoadAfter = ProcFs.LoadAverage(),
            Upsert = upsert,
            PointRead = read,
            Comparisons =
            [
                new Comparison(revoke, upsert, rawRevoke, 0.5),
                new Comparison(query, read, rawQuery, 0.5),
                new Comparison(apply, upsert, rawApply, null),
            ],
            ColdStarts = coldStarts,
            PeakResidentBytes = peak,
            MaxSampledResidentBytes = sampledPeak,
            RoundTrips = roundTrips,
            TokensMintedLate = mintedLate,
            Telemetry = telemetry,
        };
        return report;
    }

    /// <summary>
    /// Every code path once, unmeasured, before the first measured phase: the load client's JIT
    /// and Azurite's V8 tier up, so that the first phase is not the one that pays for it.
    /// </summary>
    private async Task WarmUpAsync(BaselinePhases baseline, ServicePhases calls, CpuMeter cpu)
    {
        Progress("warming up every code path (1 s each, not measured)");
        var (c, second) = (options.Concurrency, TimeSpan.FromSeconds(1));
        await baseline.UpsertAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
        await baseline.RevokeEquivalentAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
        await calls.RevokeAsync(c, TimeSpan.Zero, second, 1000, cpu, null).ConfigureAwait(false);
        await baseline.PointReadAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
        await baseline.QueryEquivalentAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
        await calls.QueryAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
        await baseline.ApplyEquivalentAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
        await calls.ApplyAsync(c, TimeSpan.Zero, second, cpu, null).ConfigureAwait(false);
    }

    private static HttpClient LoadClient(int concurrency) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = concurrency + 4,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static int Verdict(BenchReport report)
    {
        var failures = report.Failures().ToList();
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private LoadResult Done(LoadResult result)
    {
        Progress(ReportTables.Summary(result));
        return result;
    }

    private void Progress(string message)
    {
        _log.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey][[bench {_elapsed.Elapsed.TotalSeconds,5:0.0}s]][/] {message}");
        _status?.Status(Markup.Escape(message));
    }
}
