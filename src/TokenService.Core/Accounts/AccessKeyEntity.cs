using Azure;
using Azure.Data.Tables;

namespace TokenService.Accounts;

/// <summary>
/// A long-term AccessKey. PartitionKey = AccessKeyId, RowKey = "". The secret is stored only as
/// <see cref="SecretProtector"/> ciphertext bound to the AccessKeyId.
/// </summary>
public sealed class AccessKeyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string AccountId { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    public string Actions { get; set; } = AccessPolicy.AllActions;
    public string Instances { get; set; } = AccessPolicy.Wildcard;
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public string AccessKeyId => PartitionKey;
}
