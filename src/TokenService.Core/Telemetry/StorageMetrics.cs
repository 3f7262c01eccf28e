using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenService.Telemetry;

/// <summary>
/// Instruments of the Table Storage requests, one measurement per HTTP attempt (a retried
/// request counts each time, so that throttling by the store is visible even when the retries
/// hide it from the caller). Recorded by <see cref="Storage.StorageTelemetryPolicy"/>.
/// </summary>
internal static class StorageMetrics
{
    private static readonly Counter<long> Requests = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.storage.requests", "{request}", "Table Storage requests, by table, kind and HTTP status (0: no answer).");

    private static readonly Counter<long> Failures = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.storage.failures", "{request}",
        "Table Storage requests the store failed, by table, kind and error (ServerBusy, Timeout, ServerError, Network).");

    private static readonly Histogram<double> Duration = ServiceTelemetry.Meter.CreateHistogram(
        "tokenservice.storage.duration", "s", "Time of one Table Storage request, by table and kind.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10] });

    /// <summary>Whether anything listens to the storage instruments.</summary>
    public static bool Enabled => Requests.Enabled || Failures.Enabled || Duration.Enabled;

    public static void Record(string table, string kind, int status, string? error, TimeSpan elapsed)
    {
        var tags = new TagList { { TelemetryTags.StorageTable, table }, { TelemetryTags.StorageKind, kind } };
        Duration.Record(elapsed.TotalSeconds, tags);
        if (error is not null)
        {
            var failure = tags;
            failure.Add(TelemetryTags.StorageError, error);
            Failures.Add(1, failure);
        }

        tags.Add(TelemetryTags.HttpStatus, status);
        Requests.Add(1, tags);
    }
}
