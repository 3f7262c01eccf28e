using System.Diagnostics;

namespace TokenService.Bench.Load;

/// <summary>What one measured phase produced: successful requests and their latencies (sorted ticks), failures, CPU.</summary>
public sealed record LoadResult(
    string Name,
    int Concurrency,
    TimeSpan Duration,
    long Succeeded,
    long Failed,
    string? FirstFailure,
    long[] SortedLatencies,
    CpuShare Cpu)
{
    public double Throughput => Succeeded / Duration.TotalSeconds;

    public double P50Milliseconds => Percentile(0.50);

    public double P99Milliseconds => Percentile(0.99);

    public double MaxMilliseconds => SortedLatencies.Length == 0 ? double.NaN : Milliseconds(SortedLatencies[^1]);

    /// <summary>Failed requests over all requests of the measured window.</summary>
    public double FailureRate => Succeeded + Failed == 0 ? 1 : (double)Failed / (Succeeded + Failed);

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double quantile)
    {
        if (SortedLatencies.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(quantile * SortedLatencies.Length);
        return Milliseconds(SortedLatencies[Math.Clamp(rank - 1, 0, SortedLatencies.Length - 1)]);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
