using Azure;
using Azure.Data.Tables;
using TokenService.Storage;

namespace TokenService.Ledger;

/// <summary>A commit's add of the nonce row conflicted: whose nonce row it is decides the call.</summary>
internal static class NonceConflicts
{
    /// <summary>
    /// The nonce row exists. If it is this call's own (an earlier attempt committed), the call is
    /// done. If it is another call's and still live, the nonce is used. If it outlived its 31
    /// minutes but was not purged yet, it is deleted under its ETag and the call retried (null).
    /// </summary>
    public static async Task<CommitResult?> ResolveAsync(TableClient ledger, CallRecord call, string nonceKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await ledger.FindAsync<LedgerEntity>(call.AccountId, nonceKey, cancellationToken: cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (existing.RequestId == call.RequestId && existing.Aborted != true)
        {
            return CommitResult.Committed;
        }

        if (existing.ExpiresAt is { } expires && expires <= now)
        {
            try
            {
                await ledger.DeleteEntityAsync(call.AccountId, nonceKey, existing.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Someone else removed or reused it first; the retry finds out which.
            }

            return null;
        }

        return CommitResult.NonceUsed;
    }
}
