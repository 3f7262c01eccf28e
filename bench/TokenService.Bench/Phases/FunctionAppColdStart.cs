using System.Diagnostics;
using System.Globalization;
using FunctionsHostHarness.Hosting;
using TokenService.Bench.Clients;
using TokenService.Bench.Setup;

namespace TokenService.Bench.Phases;

/// <summary>
/// A cold start of the published function app as the Functions host starts it (the host harness,
/// tests/FunctionsHostHarness, in this process): from the worker's <see cref="Process.Start()"/>
/// (<c>dotnet TokenService.Functions.dll</c> with the host's arguments) through StartStream, init,
/// indexing and load, to the first answered invocation: a signed QueryToken sent to the harness's
/// front end as soon as the functions are loaded, proxied to the worker's own listener. The
/// harness is up before the worker, as the host is; only the worker's start is counted.
/// The worker advertises its listener before it listens: when that takes longer than the host's
/// proxy retries (about 2 s), the first call fails (after the worker's 15 s wait for its HTTP
/// request); the call is then repeated, as a client would, and the failure counted.
/// </summary>
internal static class FunctionAppColdStart
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<ColdStart> RunOnceAsync(string appDirectory, BenchSettings settings, Tenants tenants, HttpClient http)
    {
        var tenant = tenants.Keys[0];
        var token = tenants.MintToken(tenant);
        var environment = new Dictionary<string, string>(settings.Values, StringComparer.Ordinal)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AzureWebJobsScriptRoot"] = appDirectory,
        };
        var options = new FunctionsHostOptions
        {
            AppDirectory = appDirectory,
            LogFile = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"bench-functions-host-{Environment.ProcessId}.log")),
            Environment = environment,
        };
        await using var host = await FunctionsHost.StartAsync(options).ConfigureAwait(false);
        var client = new SignedRpcClient(http, host.BaseAddress, tenant);
        var failed = 0;
        while (true)
        {
            var answer = await client.QueryAsync(tenant.InstanceId, token, CancellationToken.None).ConfigureAwait(false);
            var answeredAt = Stopwatch.GetTimestamp();
            if (answer.Ok)
            {
                return new ColdStart(host.LoadedAfter.TotalMilliseconds, Stopwatch.GetElapsedTime(host.Worker.StartedTimestamp, answeredAt).TotalMilliseconds, failed);
            }

            failed++;
            if (Stopwatch.GetElapsedTime(host.Worker.StartedTimestamp) > Timeout)
            {
                throw new TimeoutException($"The function app answered no call 200 within {Timeout.TotalSeconds} s of its start (last: {answer}; see {host.LogFile})");
            }
        }
    }
}
