namespace TokenService.Ledger;

/// <summary>
/// Successful calls of an instance over a period: the total, per action, and per second (the
/// billing unit is TPS, so the peak second is reported too).
/// </summary>
public sealed record UsageReport(
    string InstanceId,
    DateTimeOffset From,
    DateTimeOffset To,
    long Total,
    IReadOnlyDictionary<string, long> ByAction,
    IReadOnlyList<(DateTimeOffset Second, int Calls)> PerSecond)
{
    public int PeakTps => PerSecond.Count == 0 ? 0 : PerSecond.Max(s => s.Calls);
}
