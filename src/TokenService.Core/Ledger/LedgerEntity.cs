using Azure;
using Azure.Data.Tables;

namespace TokenService.Ledger;

/// <summary>
/// One row of the Ledger table. The row kinds (see <see cref="LedgerKeys"/>) share one entity
/// type because they share one partition and one transaction; columns a kind does not use stay
/// null. Rows are written through <see cref="ToRow"/>, which leaves those columns out of the request.
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

    /// <summary>
    /// Nonces and settle rows: the call that used the nonce was answered an error and its commit
    /// was fenced off or withdrawn (<see cref="CommitFence"/>). The nonce stays used.
    /// </summary>
    public bool? Aborted { get; set; }

    /// <summary>When the row may be purged (nonces, revocations).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Revocations: server time of the first revocation.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Revocations: the account that revoked (the instance owner).</summary>
    public string? AccountId { get; set; }

    /// <summary>Revocations: true when the token's own expiry was read off the token; false when 30 days were assumed.</summary>
    public bool? ExpiryKnown { get; set; }

    /// <summary>
    /// The row as sent to the store: only the columns this row kind uses. The SDK would serialize
    /// every property of this class, the unused ones as explicit nulls, which more than doubles a
    /// transaction's body for nothing (the service ignores nulls).
    /// </summary>
    public TableEntity ToRow()
    {
        var row = new TableEntity(PartitionKey, RowKey);
        Put(row, nameof(RequestId), RequestId);
        Put(row, nameof(InstanceId), InstanceId);
        Put(row, nameof(Action), Action);
        Put(row, nameof(AccessKeyId), AccessKeyId);
        Put(row, nameof(ParentAccessKeyId), ParentAccessKeyId);
        Put(row, nameof(ClientAddress), ClientAddress);
        Put(row, nameof(ExpiresAt), ExpiresAt);
        Put(row, nameof(RevokedAt), RevokedAt);
        Put(row, nameof(AccountId), AccountId);
        Put(row, nameof(ExpiryKnown), ExpiryKnown);
        Put(row, nameof(Aborted), Aborted);
        return row;
    }

    private static void Put(TableEntity row, string column, object? value)
    {
        if (value is not null)
        {
            row[column] = value;
        }
    }
}
