using System.Globalization;
using System.Text;
using TokenService.Ledger;

namespace TokenService.IntegrationTests.Limits;

/// <summary>
/// Calls of one account and action, second by second: what the store admitted (its usage slot rows,
/// by the second in their key: the service's clock at the attempt that committed) next to what the
/// client saw.
///
/// Demand in a second S is counted from the calls whose whole round trip (sent to answer read, on
/// the machine clock the service processes share) lies inside S: the service decided each of them
/// during S. So if more than the limit did, or if one of them was refused as over the limit (the
/// ledger refuses only once it has read every slot of its second taken; for limits above its 12
/// attempts, also after 12 lost races), S must have admitted exactly the limit. Calls that straddle
/// a boundary (the partial seconds at the ends of a burst, calls caught at a boundary, everything
/// on a machine too slow to answer within a second) decide nothing about "exactly", only "at most",
/// which is checked for every second.
/// </summary>
public sealed class SecondTally
{
    private readonly string _action;
    private readonly IReadOnlyList<TimedCall> _calls;
    private readonly Dictionary<string, long> _slotSecondByRequest;

    public SecondTally(string action, IReadOnlyList<TimedCall> calls, IEnumerable<LedgerEntity> usageRows)
    {
        _action = action;
        _calls = calls;
        _slotSecondByRequest = usageRows
            .Where(r => r.Action == action)
            .ToDictionary(r => r.RequestId!, r => LedgerKeys.ParseUsage(r.RowKey).Second, StringComparer.Ordinal);
        Admitted = _slotSecondByRequest.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Demand = Count(calls.Where(c => c.ContainedSecond is not null), c => c.ContainedSecond!.Value);
        RefusedInside = Count(calls.Where(c => c.ContainedSecond is not null && c.OverFlowed(action)), c => c.ContainedSecond!.Value);
        Sent = Count(calls, c => c.SentAt.ToUnixTimeSeconds());
        SuccessesReceived = Count(calls.Where(c => c.Succeeded), c => c.ReceivedAt.ToUnixTimeSeconds());
    }

    /// <summary>Server view: slot rows per second.</summary>
    public IReadOnlyDictionary<long, int> Admitted { get; }

    /// <summary>Calls whose round trip lies inside the second.</summary>
    public IReadOnlyDictionary<long, int> Demand { get; }

    /// <summary>Over-limit refusals whose round trip lies inside the second.</summary>
    public IReadOnlyDictionary<long, int> RefusedInside { get; }

    public IReadOnlyDictionary<long, int> Sent { get; }

    /// <summary>Client view: 200 answers by the second they were received in.</summary>
    public IReadOnlyDictionary<long, int> SuccessesReceived { get; }

    /// <summary>The seconds whose demand proves they were full.</summary>
    public IReadOnlyList<long> SaturatedSeconds(int limit) =>
        Demand.Keys.Where(s => Demand[s] > limit || RefusedInside.GetValueOrDefault(s) > 0).Order().ToList();

    /// <summary>
    /// At most <paramref name="limit"/> admitted in every second; exactly <paramref name="limit"/> in
    /// every saturated second, of which there must be at least <paramref name="minimumSaturated"/>
    /// (else the burst proved nothing); every success decided inside one second was charged to it.
    /// </summary>
    public void AssertLimit(int limit, int minimumSaturated)
    {
        Assert.All(Admitted, second => Assert.InRange(second.Value, 1, limit));
        var saturated = SaturatedSeconds(limit);
        Assert.True(saturated.Count >= minimumSaturated,
            $"only {saturated.Count} saturated second(s), expected at least {minimumSaturated}:\n{Describe(limit)}");
        Assert.All(saturated, second => Assert.Equal(limit, Admitted.GetValueOrDefault(second)));
        foreach (var call in _calls.Where(c => c.Succeeded && c.ContainedSecond is not null))
        {
            Assert.Equal(call.ContainedSecond, _slotSecondByRequest[call.Response.RequestId!]);
        }
    }

    public string Describe(int limit)
    {
        var seconds = Admitted.Keys.Concat(Sent.Keys).Concat(SuccessesReceived.Keys).Distinct().Order().ToList();
        var first = seconds.Count == 0 ? 0 : seconds[0];
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{_action}, limit {limit}/s: second | sent | decided inside (refused) | admitted (slot rows) | 200s received\n");
        var trips = _calls.Select(c => (c.ReceivedAt - c.SentAt).TotalMilliseconds).Order().ToList();
        if (trips.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {trips.Count} calls, round trip p50 {trips[trips.Count / 2]:F0} ms, p90 {trips[trips.Count * 9 / 10]:F0} ms, max {trips[^1]:F0} ms\n");
        }

        foreach (var second in seconds)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  +{second - first} ({second}) | {Sent.GetValueOrDefault(second),4} | {Demand.GetValueOrDefault(second),4} ({RefusedInside.GetValueOrDefault(second),3}) | {Admitted.GetValueOrDefault(second),3} | {SuccessesReceived.GetValueOrDefault(second),3}");
            text.Append(SaturatedSeconds(limit).Contains(second) ? "  saturated\n" : "\n");
        }

        return text.ToString();
    }

    private static Dictionary<long, int> Count(IEnumerable<TimedCall> calls, Func<TimedCall, long> second) =>
        calls.GroupBy(second).ToDictionary(g => g.Key, g => g.Count());
}
