using Azure.Data.Tables;
using TokenService.Accounts;
using TokenService.Storage;

namespace TokenService.Ledger;

/// <summary>
/// Reads metering: every admitted call left exactly one usage slot row in its account's
/// partition, written in the same transaction as its effects, so counting the rows of an instance
/// over a key range is the exact number of successful calls. One range query per report.
/// </summary>
public sealed class UsageMeter(TableSet tables)
{
    public async Task<UsageReport?> ReportAsync(string instanceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var instance = await tables.Instances.GetEntityIfExistsAsync<InstanceEntity>(instanceId, "", cancellationToken: cancellationToken);
        if (!instance.HasValue || instance.Value is not { } owner)
        {
            return null;
        }

        var low = LedgerKeys.UsageFrom(from.ToUnixTimeSeconds());
        var high = LedgerKeys.UsageFrom(to.ToUnixTimeSeconds());
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {owner.AccountId} and RowKey ge {low} and RowKey lt {high} and InstanceId eq {instanceId}");
        var byAction = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var perSecond = new SortedDictionary<long, int>();
        long total = 0;
        await foreach (var row in tables.Ledger.QueryAsync<LedgerEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var (second, action, _) = LedgerKeys.ParseUsage(row.RowKey);
            total++;
            byAction[action] = byAction.GetValueOrDefault(action) + 1;
            perSecond[second] = perSecond.GetValueOrDefault(second) + 1;
        }

        return new UsageReport(instanceId, from, to, total, byAction,
            perSecond.Select(p => (DateTimeOffset.FromUnixTimeSeconds(p.Key), p.Value)).ToList());
    }
}
