using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// Releases calls in waves at fixed times without waiting for earlier answers, and collects them
/// timed. At most <c>maxInFlight</c> calls per label are outstanding: on a machine that keeps up
/// this never bites (a wave is answered long before the next), on one that is starved of CPU the
/// waves slip instead of piling up a backlog, so answers still come back within a second or so and
/// the per-second analysis keeps something to judge.
/// </summary>
public static class Waves
{
    /// <summary>The start of the next UTC second plus <paramref name="offset"/>: bursts begin at a known phase of the second.</summary>
    public static DateTimeOffset NextSecond(TimeSpan offset)
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1) + offset;
    }

    public static async Task DelayUntilAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>
    /// Wave <c>w</c> (0-based) is released at <paramref name="start"/> + w × <paramref name="interval"/>
    /// (or as soon as the in-flight bound allows); <paramref name="wave"/> lists its calls (label, call).
    /// Returns when every call has its answer.
    /// </summary>
    public static async Task<IReadOnlyList<TimedCall>> RunAsync(
        DateTimeOffset start, int count, TimeSpan interval, int maxInFlight,
        Func<int, IEnumerable<(string Label, Func<Task<ApiResponse>> Call)>> wave)
    {
        var gates = new Dictionary<string, SemaphoreSlim>(StringComparer.Ordinal);
        var running = new List<Task<TimedCall>>();
        try
        {
            for (var w = 0; w < count; w++)
            {
                await DelayUntilAsync(start + w * interval);
                foreach (var (label, call) in wave(w))
                {
                    if (!gates.TryGetValue(label, out var gate))
                    {
                        gates[label] = gate = new SemaphoreSlim(maxInFlight);
                    }

                    await gate.WaitAsync();
                    running.Add(ReleasingAsync(gate, TimedCall.RunAsync(label, call)));
                }
            }

            return await Task.WhenAll(running);
        }
        finally
        {
            await Task.WhenAll(running.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var gate in gates.Values)
            {
                gate.Dispose();
            }
        }
    }

    private static async Task<TimedCall> ReleasingAsync(SemaphoreSlim gate, Task<TimedCall> call)
    {
        try
        {
            return await call;
        }
        finally
        {
            gate.Release();
        }
    }
}
