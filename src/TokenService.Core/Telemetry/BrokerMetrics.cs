using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenService.Telemetry;

/// <summary>
/// Instruments of the broker side (docs/contract.md §9): the brokers' authentication and authorization
/// decisions, the sessions closed, and how long a revocation took to reach the device. Defined
/// here with the service's other instruments so that names and dimensions stay in one place; the
/// broker decisions (Brokers) and the disconnects (Disconnects) record them. <c>broker</c> is the kind of broker (a short, fixed set the
/// endpoints define, never a host name or client id); <c>result</c> and <c>reason</c> likewise.
/// </summary>
internal static class BrokerMetrics
{
    private static readonly Counter<long> Decisions = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.broker.decisions", "{decision}", "Broker authentication and authorization decisions, by broker and result.");

    private static readonly Counter<long> SessionsClosed = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.sessions.closed", "{session}", "Device sessions closed by the service, by broker and reason.");

    private static readonly Histogram<double> RevocationToDisconnect = ServiceTelemetry.Meter.CreateHistogram(
        "tokenservice.revocation.disconnect.duration", "s",
        "Time from a RevokeToken commit to the broker closing the token's sessions, by broker.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30, 60] });

    public const string ConnectAllowed = "connect.allow";
    public const string ConnectDenied = "connect.deny";
    public const string TopicAllowed = "topic.allow";
    public const string TopicDenied = "topic.deny";

    /// <summary>One decision; <c>result</c> is one of the constants above (CONNECT or topic check, allowed or denied).</summary>
    public static void RecordDecision(string broker, string result) =>
        Decisions.Add(1, new TagList { { TelemetryTags.Broker, broker }, { TelemetryTags.BrokerResult, result } });

    /// <summary>One closed session; <c>reason</c> is for example <c>revoked</c> or <c>expired</c>.</summary>
    public static void RecordSessionClosed(string broker, string reason) =>
        SessionsClosed.Add(1, new TagList { { TelemetryTags.Broker, broker }, { TelemetryTags.SessionCloseReason, reason } });

    /// <summary>
    /// Records the histogram and puts the duration on the current span too: Application Insights
    /// keeps only sum, count, minimum and maximum of a histogram, so the p99 alert of the template
    /// computes its percentile from the spans.
    /// </summary>
    public static void RecordRevocationToDisconnect(string broker, TimeSpan elapsed)
    {
        RevocationToDisconnect.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.Broker, broker));
        Activity.Current?.SetTag(TelemetryTags.RevocationToDisconnectSeconds, elapsed.TotalSeconds);
    }
}
