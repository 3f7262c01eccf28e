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
/// </summary>
public static class FunctionAppColdStart
{
    public static async Task<(double Ready, double FirstAnswer)> RunOnceAsync(string appDirectory, BenchSettings settings, Tenants tenants, HttpClient http)
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
        var answer = await new SignedRpcClient(http, host.BaseAddress, tenant).QueryAsync(tenant.InstanceId, token, CancellationToken.None).ConfigureAwait(false);
        var answeredAt = Stopwatch.GetTimestamp();
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"The function app's first answer was {answer} (see {host.LogFile})");
        }

        return (host.LoadedAfter.TotalMilliseconds, Stopwatch.GetElapsedTime(host.Worker.StartedTimestamp, answeredAt).TotalMilliseconds);
    }
}
