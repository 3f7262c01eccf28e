using TokenService.Ledger;

namespace TokenService.Disconnects;

/// <summary>
/// A revocation whose connections are still to be closed: the <c>d|</c> row RevokeToken writes in
/// its own ledger transaction, next to the revocation record, so that a process that dies right
/// after the 200 loses no disconnect (docs/brokers.md, "Disconnects"). It is deleted, with its
/// expiry index entry, once every session that presented the token is closed or gone; a token that
/// expires first takes it along in the ledger purge.
/// </summary>
internal sealed record DisconnectIntent(string AccountId, string InstanceId, string TokenHash, DateTimeOffset RevokedAt, DateTimeOffset ExpiresAt)
{
    public string RowKey => LedgerKeys.Disconnect(InstanceId, TokenHash);

    public string IndexRowKey => LedgerKeys.Expiry(ExpiresAt, RowKey);

    /// <summary>The row for the revocation's transaction. KeepExisting: a pending intent of an earlier revocation stays as it is.</summary>
    public LedgerWrite ToWrite(CallRecord call) => new(
        new LedgerEntity
        {
            RowKey = RowKey,
            InstanceId = InstanceId,
            RevokedAt = RevokedAt,
            ExpiresAt = ExpiresAt,
            RequestId = call.RequestId,
        },
        KeepExisting: true,
        ExpiresAt: ExpiresAt);

    /// <summary>The intent a stored <c>d|</c> row holds; null for a row that is not one.</summary>
    public static DisconnectIntent? FromRow(LedgerEntity row)
    {
        if (!row.RowKey.StartsWith(LedgerKeys.DisconnectPrefix, StringComparison.Ordinal) || row.RevokedAt is not { } revoked || row.ExpiresAt is not { } expires)
        {
            return null;
        }

        var (instanceId, tokenHash) = LedgerKeys.ParseDisconnect(row.RowKey);
        return new DisconnectIntent(row.PartitionKey, instanceId, tokenHash, revoked, expires);
    }
}
