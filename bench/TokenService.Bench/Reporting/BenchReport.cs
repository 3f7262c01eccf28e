using TokenService.Bench.Load;
using TokenService.Bench.Phases;

namespace TokenService.Bench.Reporting;

/// <summary>
/// A service call measured against the single store operation it is compared with (the issue's
/// targets), and against the very storage requests it sends, sent raw (<see cref="Equivalent"/>):
/// what the service itself costs on top of its store work.
/// </summary>
internal sealed record Comparison(LoadResult Service, LoadResult Baseline, LoadResult Equivalent, double? MinThroughputRatio)
{
    public const double MaxP99Ratio = 3.0;

    public double ThroughputRatio => Service.Throughput / Baseline.Throughput;

    public double P99Ratio => Service.P99Milliseconds / Baseline.P99Milliseconds;

    public double EquivalentThroughputRatio => Service.Throughput / Equivalent.Throughput;

    public double EquivalentP99Ratio => Service.P99Milliseconds / Equivalent.P99Milliseconds;

    public bool? ThroughputMet => MinThroughputRatio is { } min ? ThroughputRatio >= min : null;

    public bool P99Met => P99Ratio <= MaxP99Ratio;

    public bool Met => ThroughputMet is not false && P99Met;
}

/// <summary>Everything one run measured, and the context needed to read it.</summary>
internal sealed record BenchReport
{
    public const double PeakMemoryTargetBytes = 100 * 1024 * 1024;

    public required BenchOptions Options { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public required LoadResult Upsert { get; init; }

    public required LoadResult PointRead { get; init; }

    public required IReadOnlyList<Comparison> Comparisons { get; init; }

    /// <summary>The function app with and without ReadyToRun, and the standalone server.</summary>
    public required IReadOnlyList<ColdStarts> ColdStarts { get; init; }

    public required long PeakResidentBytes { get; init; }

    public required long MaxSampledResidentBytes { get; init; }

    public required IReadOnlyList<RoundTrips> RoundTrips { get; init; }

    public long TokensMintedLate { get; init; }

    /// <summary>QueryToken throughput with telemetry exported over OTLP against telemetry off.</summary>
    public TelemetryCost? Telemetry { get; init; }

    public IEnumerable<LoadResult> Phases => new[] { Upsert, PointRead }.Concat(Comparisons.SelectMany(c => new[] { c.Equivalent, c.Service }));

    public bool MemoryMet => PeakResidentBytes < PeakMemoryTargetBytes;

    /// <summary>What makes the run a failure (not a missed target): a phase that mostly failed or never ran.</summary>
    public IEnumerable<string> Failures()
    {
        foreach (var phase in Phases)
        {
            if (phase.Succeeded == 0)
            {
                yield return $"{phase.Name}: no successful request ({phase.FirstFailure})";
            }
            else if (phase.FailureRate > 0.02)
            {
                yield return $"{phase.Name}: {phase.FailureRate:P1} of requests failed (first: {phase.FirstFailure})";
            }
        }
    }
}
