using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenService.Telemetry;

/// <summary>
/// Instruments of the RPC calls, recorded by the gateway (every answered call, with its final
/// Code) and by the <c>Pipeline.CallPipeline</c> (throttled calls).
/// </summary>
internal static class CallMetrics
{
    private static readonly Counter<long> Calls = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.calls", "{call}", "Calls answered, by Action, Code (Success or the error code) and HTTP status.");

    private static readonly Histogram<double> Duration = ServiceTelemetry.Meter.CreateHistogram(
        "tokenservice.call.duration", "s", "Time from reading a call to its answer, by Action and Code.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> Throttled = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.calls.throttled", "{call}", "Calls refused by the per-account rate limit (<Action>OverFlow), by Action.");

    /// <summary>One answered call; <c>action</c> is bounded (see <see cref="TelemetryTags.OtherAction"/>).</summary>
    public static void RecordCall(string action, string code, int httpStatus, TimeSpan elapsed)
    {
        var tags = new TagList { { TelemetryTags.Action, action }, { TelemetryTags.Code, code } };
        Duration.Record(elapsed.TotalSeconds, tags);
        tags.Add(TelemetryTags.HttpStatus, httpStatus);
        Calls.Add(1, tags);
    }

    public static void RecordThrottled(string action) =>
        Throttled.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Action, action));
}
