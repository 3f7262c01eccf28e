using System.Diagnostics.Metrics;

namespace TokenService.Telemetry;

/// <summary>Rows the expiry purge removed, by kind (nonce, revocation, index).</summary>
internal static class PurgeMetrics
{
    private static readonly Counter<long> RowsRemoved = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.purge.rows_removed", "{row}", "Ledger rows the expiry purge removed, by kind (nonce, revocation, index).");

    public static void Record(int nonces, int revocations, int indexEntries)
    {
        Add("nonce", nonces);
        Add("revocation", revocations);
        Add("index", indexEntries);
    }

    private static void Add(string kind, int rows)
    {
        if (rows > 0)
        {
            RowsRemoved.Add(rows, new KeyValuePair<string, object?>(TelemetryTags.PurgeKind, kind));
        }
    }
}
