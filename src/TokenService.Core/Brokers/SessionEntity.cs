using Azure;
using Azure.Data.Tables;

namespace TokenService.Brokers;

/// <summary>
/// One row of the Sessions table (see <see cref="SessionKeys"/>). The row kinds share one type;
/// a session row uses every column, a token row Broker, ClientId, InstanceId and ExpiresAt, an
/// expiry entry Broker, TokenHashes and Closed.
/// </summary>
internal sealed class SessionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string? Broker { get; set; }
    public string? ClientId { get; set; }
    public string? AccessKeyId { get; set; }
    public string? InstanceId { get; set; }
    public string? AccountId { get; set; }

    /// <summary>Comma-separated SHA-256 hashes of the presented tokens.</summary>
    public string? TokenHashes { get; set; }

    /// <summary>The grants, as <see cref="SessionGrants.Format"/> writes them.</summary>
    public string? Grants { get; set; }

    public DateTimeOffset? ConnectedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Expiry entries: true once the service closed the connection at its expiry (or found it gone).</summary>
    public bool? Closed { get; set; }
}
