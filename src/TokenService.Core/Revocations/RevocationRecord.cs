using TokenService.Ledger;

namespace TokenService.Revocations;

/// <summary>
/// Builds the durable revocation row: instance, SHA-256 of the token (never the token), server
/// time, author (AccessKeyId, account), RequestId, client address, and retention: until the
/// token's own expiry when it can be read, else <see cref="UnknownExpiryRetention"/>.
/// </summary>
internal static class RevocationRecord
{
    public static readonly TimeSpan UnknownExpiryRetention = TimeSpan.FromDays(30);

    public static LedgerWrite Create(CallRecord call, string tokenHash, DateTimeOffset now, DateTimeOffset? tokenExpiry)
    {
        var expires = tokenExpiry ?? now + UnknownExpiryRetention;
        var entity = new LedgerEntity
        {
            RowKey = LedgerKeys.Revocation(call.InstanceId, tokenHash),
            InstanceId = call.InstanceId,
            RevokedAt = now,
            AccessKeyId = call.AccessKeyId,
            ParentAccessKeyId = call.ParentAccessKeyId,
            AccountId = call.AccountId,
            RequestId = call.RequestId,
            ClientAddress = call.ClientAddress,
            ExpiresAt = expires,
            ExpiryKnown = tokenExpiry is not null,
        };

        // KeepExisting: revoking twice keeps the first revocation's time and author.
        return new LedgerWrite(entity, KeepExisting: true, ExpiresAt: expires);
    }
}
