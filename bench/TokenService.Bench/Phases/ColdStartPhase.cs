using System.Diagnostics;
using System.Net.Sockets;
using TokenService.Bench.Clients;
using TokenService.Bench.Setup;
using TokenService.TestSupport.Ports;
using TokenService.TestSupport.Processes;

namespace TokenService.Bench.Phases;

/// <summary>
/// One build's cold starts, in milliseconds from the start of its process: until it was ready
/// (the standalone server: its first accepted connection; the function app: its functions
/// loaded over the worker protocol) and until its first 200 answer; and how many calls were
/// answered with an error before that 200, over all starts.
/// </summary>
internal sealed record ColdStarts(string Build, IReadOnlyList<double> Ready, IReadOnlyList<double> FirstAnswer, int FailedCalls)
{
    public double MedianFirstAnswer => Median(FirstAnswer);

    public double MaxFirstAnswer => FirstAnswer.Count == 0 ? double.NaN : FirstAnswer.Max();

    public double MedianReady => Median(Ready);

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>One cold start: milliseconds to ready and to the first 200, and the calls that failed before it.</summary>
internal sealed record ColdStart(double Ready, double FirstAnswer, int FailedCalls);

/// <summary>
/// Cold starts: a new process each time, timed to the first 200 answer of a signed QueryToken of
/// a genuine token (the AccessKey and instance read, the revocation read, the ledger commit:
/// everything a first real call does). The builds take turns, so that a slow moment of the
/// machine does not fall on one build only.
/// </summary>
internal static class ColdStartPhase
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task<IReadOnlyList<ColdStarts>> AlternateAsync(IReadOnlyList<(string Name, Func<Task<ColdStart>> Start)> builds, int runs, Action<string> progress)
    {
        progress($"cold start: {runs} process starts of each of {builds.Count} builds");
        var results = builds.Select(_ => new List<ColdStart>(runs)).ToList();
        for (var run = 0; run < runs; run++)
        {
            for (var build = 0; build < builds.Count; build++)
            {
                results[build].Add(await builds[build].Start().ConfigureAwait(false));
            }
        }

        var coldStarts = builds.Select((b, i) => new ColdStarts(
            b.Name, results[i].Select(r => r.Ready).ToList(), results[i].Select(r => r.FirstAnswer).ToList(), results[i].Sum(r => r.FailedCalls))).ToList();
        foreach (var cold in coldStarts)
        {
            progress($"cold start, {cold.Build}: first answer median {Reporting.ReportTables.Ms(cold.MedianFirstAnswer)} ms, max {Reporting.ReportTables.Ms(cold.MaxFirstAnswer)} ms");
        }

        return coldStarts;
    }

    /// <summary>
    /// The standalone server (<c>dotnet TokenService.Server.dll</c>), from <see cref="Process.Start()"/>:
    /// the port is polled every 2 ms; ready is the moment a connection first succeeds.
    /// </summary>
    public static async Task<ColdStart> RunOnceAsync(string server, BenchSettings settings, Tenants tenants)
    {
        var tenant = tenants.Keys[0];
        var token = tenants.MintToken(tenant);
        long connectedAt = 0;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    Interlocked.CompareExchange(ref connectedAt, Stopwatch.GetTimestamp(), 0);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        await using var service = ServiceProcess.Start(server, settings.Values, FreePort.Next());
        var client = new SignedRpcClient(http, service.BaseAddress, tenant);
        var answeredAt = await WaitUntilAnsweringAsync(service, () => client.QueryAsync(tenant.InstanceId, token, CancellationToken.None), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return new ColdStart(
            Stopwatch.GetElapsedTime(service.StartedTimestamp, connectedAt).TotalMilliseconds,
            Stopwatch.GetElapsedTime(service.StartedTimestamp, answeredAt).TotalMilliseconds,
            0);
    }

    /// <summary>Calls until a 200 (connection refused means not yet listening); the timestamp of the answer.</summary>
    public static async Task<long> WaitUntilAnsweringAsync(ServiceProcess service, Func<Task<RpcAnswer>> call, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        RpcAnswer? last = null;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (service.Exited)
            {
                throw new InvalidOperationException($"The service exited before answering:\n{service.Output}");
            }

            try
            {
                last = await call().ConfigureAwait(false);
                if (last.Ok)
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // Not listening yet.
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        throw new TimeoutException($"The service did not answer 200 within {timeout.TotalSeconds} s (last answer: {last}):\n{service.Output}");
    }
}
