using Azure;
using Azure.Data.Tables;

namespace TokenService.Accounts;

/// <summary>An MQTT instance. PartitionKey = instance id, RowKey = "": one point read finds its owner.</summary>
public sealed class InstanceEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string AccountId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public string InstanceId => PartitionKey;
}
