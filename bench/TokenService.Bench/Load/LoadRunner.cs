using System.Diagnostics;
using HdrHistogram;

namespace TokenService.Bench.Load;

/// <summary>One request of a scenario: null when it got the answer the scenario expects, else what went wrong.</summary>
public delegate Task<string?> Operation(int worker, long sequence, CancellationToken cancellationToken);

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each sending its next request as soon as the
/// previous one answered, for a warm-up (not recorded) and then the measured duration. A request
/// belongs to the measurement when it started inside it; its latency is Stopwatch ticks from
/// before the request is built (signing included) to the end of the answer's body, recorded in
/// a histogram per worker (three significant digits) and merged at the end.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Operation operation, CpuMeter cpu, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Worker[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = new Worker();
        }

        // CPU shares are taken exactly over the measured window.
        var cpuWindow = Task.Run(async () =>
        {
            await Task.Delay(warmup).ConfigureAwait(false);
            var start = cpu.Snapshot();
            await Task.Delay(duration).ConfigureAwait(false);
            return cpu.Since(start);
        });

        progress?.Invoke($"{name}: {concurrency} in flight, {warmup.TotalSeconds:0.#} s warm-up + {duration.TotalSeconds:0.#} s measured");
        await Task.WhenAll(workers.Select((worker, index) => Task.Run(() => worker.RunAsync(index, clock, measureFrom, measureTo, operation)))).ConfigureAwait(false);
        var cpuShare = await cpuWindow.ConfigureAwait(false);

        var latencies = Worker.NewHistogram();
        foreach (var worker in workers)
        {
            latencies.Add(worker.Latencies);
        }

        return new LoadResult(
            name,
            concurrency,
            duration,
            latencies,
            workers.Sum(w => w.Failures),
            workers.Select(w => w.FirstFailure).FirstOrDefault(f => f is not null),
            cpuShare);
    }

    private sealed class Worker
    {
        /// <summary>Up to two minutes (an operation is at most two requests, 30 s timeout each), to 0.1 %.</summary>
        public static LongHistogram NewHistogram() => new LongHistogram(TimeStamp.Minutes(2), 3);

        public LongHistogram Latencies { get; } = NewHistogram();

        public long Failures { get; private set; }

        public string? FirstFailure { get; private set; }

        public async Task RunAsync(int index, Stopwatch clock, long measureFrom, long measureTo, Operation operation)
        {
            for (long sequence = 0; ; sequence++)
            {
                var started = clock.ElapsedTicks;
                if (started >= measureTo)
                {
                    return;
                }

                string? failure;
                try
                {
                    failure = await operation(index, sequence, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException)
                {
                    failure = e.GetType().Name + ": " + e.Message;
                }

                var elapsed = clock.ElapsedTicks - started;
                if (started < measureFrom)
                {
                    continue;
                }

                if (failure is null)
                {
                    Latencies.RecordValue(elapsed);
                }
                else
                {
                    Failures++;
                    FirstFailure ??= failure;
                }
            }
        }
    }
}
