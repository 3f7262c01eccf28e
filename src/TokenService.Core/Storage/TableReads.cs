using Azure;
using Azure.Data.Tables;

namespace TokenService.Storage;

/// <summary>Point reads for the request path, where the tables are not created (see <see cref="TableSet"/>).</summary>
internal static class TableReads
{
    /// <summary>The row, or null when it does not exist, the table included: a missing table holds no rows.</summary>
    public static async Task<T?> FindAsync<T>(
        this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity
    {
        try
        {
            var found = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
            return found.HasValue ? found.Value : null;
        }
        catch (RequestFailedException e) when (TableSet.IsTableMissing(e))
        {
            return null;
        }
    }
}
