using HdrHistogram;

namespace TokenService.Bench.Load;

/// <summary>What one measured phase produced: the latencies of its successful requests (Stopwatch ticks), failures, CPU.</summary>
internal sealed record LoadResult(
    string Name,
    int Concurrency,
    TimeSpan Duration,
    HistogramBase Latencies,
    long Failed,
    string? FirstFailure,
    CpuShare Cpu)
{
    public long Succeeded => Latencies.TotalCount;

    public double Throughput => Succeeded / Duration.TotalSeconds;

    public double P50Milliseconds => Milliseconds(Latencies.GetValueAtPercentile(50));

    public double P99Milliseconds => Milliseconds(Latencies.GetValueAtPercentile(99));

    public double MaxMilliseconds => Milliseconds(Latencies.GetMaxValue());

    /// <summary>Failed requests over all requests of the measured window.</summary>
    public double FailureRate => Succeeded + Failed == 0 ? 1 : (double)Failed / (Succeeded + Failed);

    private double Milliseconds(long ticks) => Succeeded == 0 ? double.NaN : ticks / OutputScalingFactor.TimeStampToMilliseconds;
}
