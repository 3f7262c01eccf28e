using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Ledger;
using TokenService.Storage;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>Reads what the service stored, straight from the tables, for assertions on side effects.</summary>
public static class StoredRows
{
    public static async Task<List<LedgerEntity>> LedgerAsync(this IServiceProvider services, string accountId, string? rowKeyPrefix = null)
    {
        var table = services.GetRequiredService<TableSet>().Ledger;
        var filter = rowKeyPrefix is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {accountId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {rowKeyPrefix} and RowKey lt {rowKeyPrefix + "~"}");
        var rows = new List<LedgerEntity>();
        await foreach (var row in table.QueryAsync<LedgerEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static Task<List<LedgerEntity>> UsageAsync(this IServiceProvider services, string accountId) =>
        services.LedgerAsync(accountId, LedgerKeys.UsagePrefix);

    public static Task<List<LedgerEntity>> RevocationsAsync(this IServiceProvider services, string accountId) =>
        services.LedgerAsync(accountId, LedgerKeys.RevocationPrefix);

    /// <summary>Every property of every row of every table of this test's prefix, as text: a copy of the store.</summary>
    public static async Task<string> DumpAsync(this IServiceProvider services)
    {
        var text = new StringBuilder();
        foreach (var table in services.GetRequiredService<TableSet>().All)
        {
            await foreach (var row in table.QueryAsync<TableEntity>())
            {
                foreach (var (name, value) in row)
                {
                    text.Append(table.Name).Append('|').Append(name).Append('=').Append(value).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
