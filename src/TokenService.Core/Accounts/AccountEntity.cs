using Azure;
using Azure.Data.Tables;

namespace TokenService.Accounts;

/// <summary>An account (tenant). PartitionKey = account id, RowKey = "".</summary>
internal sealed class AccountEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string AccountId => PartitionKey;
}
