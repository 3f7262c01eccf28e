using System.Diagnostics.Metrics;

namespace TokenService.Telemetry;

/// <summary>
/// Commits settled after their call was answered with an error (the ledger's fence), by outcome:
/// <c>fenced</c>, <c>withdrawn</c> (a commit that landed late and was undone), <c>already_settled</c>,
/// <c>nonce_of_another_call</c>, or <c>abandoned</c> (the store did not answer within the bound).
/// </summary>
internal static class FenceMetrics
{
    public const string Abandoned = "abandoned";

    private static readonly Counter<long> Settled = ServiceTelemetry.Meter.CreateCounter<long>(
        "tokenservice.ledger.fences", "{call}", "Calls answered with an error whose commit the ledger fenced off or withdrew, by outcome.");

    public static void Record(string outcome) =>
        Settled.Add(1, new KeyValuePair<string, object?>(TelemetryTags.FenceOutcome, outcome));
}
