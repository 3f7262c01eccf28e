using System.Diagnostics;
using System.Net.Sockets;
using TokenService.Bench.Clients;
using TokenService.Bench.Processes;
using TokenService.Bench.Setup;

namespace TokenService.Bench.Phases;

/// <summary>One build's cold starts, in milliseconds from <see cref="Process.Start()"/>.</summary>
public sealed record ColdStarts(string Build, IReadOnlyList<double> Listening, IReadOnlyList<double> FirstAnswer)
{
    public double MedianFirstAnswer => Median(FirstAnswer);

    public double MaxFirstAnswer => FirstAnswer.Count == 0 ? double.NaN : FirstAnswer.Max();

    public double MedianListening => Median(Listening);

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

/// <summary>
/// Cold start: a new process, timed from <see cref="Process.Start()"/> to the first 200 answer of
/// a signed QueryToken of a genuine token (tables created if needed, AccessKey and instance read,
/// the revocation read, the ledger commit: everything a first real call does). The port is polled
/// every 2 ms; the moment a connection first succeeds is recorded too ("listening").
/// </summary>
public static class ColdStartPhase
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task<ColdStarts> RunAsync(string build, string program, BenchSettings settings, Tenants tenants, int runs, Action<string> progress)
    {
        progress($"cold start ({build}): {runs} process starts");
        var listening = new List<double>(runs);
        var answered = new List<double>(runs);
        var tenant = tenants.Keys[0];
        var token = tenants.MintToken(tenant);
        for (var run = 0; run < runs; run++)
        {
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
            await using var service = ServiceProcess.Start(program, settings.Values, FreePort.Next());
            var client = new SignedRpcClient(http, service.BaseAddress, tenant);
            var answeredAt = await WaitUntilAnsweringAsync(service, () => client.QueryAsync(tenant.InstanceId, token, CancellationToken.None), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            listening.Add(Stopwatch.GetElapsedTime(service.StartedTimestamp, connectedAt).TotalMilliseconds);
            answered.Add(Stopwatch.GetElapsedTime(service.StartedTimestamp, answeredAt).TotalMilliseconds);
        }

        return new ColdStarts(build, listening, answered);
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
