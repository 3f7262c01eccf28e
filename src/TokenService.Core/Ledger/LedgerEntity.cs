using Azure;
using Azure.Data.Tables;

namespace TokenService.Ledger;

/// <summary>
/// One row of the Ledger table. The row kinds (see <see cref="LedgerKeys"/>) share one entity
/// type because they share one partition and one transaction; columns a kind does not use stay
/// null and are not stored.
/// </summary>
public sealed class LedgerEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The call that wrote the row: lets a retry recognise its own earlier, timed-out commit.</summary>
    public string? RequestId { get; set; }

    public string? InstanceId { get; set; }
    public string? Action { get; set; }
    public string? AccessKeyId { get; set; }

    /// <summary>For STS credentials, the long-term key that issued them.</summary>
    public string? ParentAccessKeyId { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>When the row may be purged (nonces, revocations).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Revocations: server time of the first revocation.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Revocations: the account that revoked (the instance owner).</summary>
    public string? AccountId { get; set; }

    /// <summary>Revocations: true when the token's own expiry was read off the token; false when 30 days were assumed.</summary>
    public bool? ExpiryKnown { get; set; }
}
