using TokenService.Accounts;
using TokenService.Ledger;
using TokenService.Storage;
using TokenService.Tokens;

namespace TokenService.Revocations;

/// <summary>Finds the revocation record of a token under an instance: one point read in the owner's partition.</summary>
public sealed class RevocationLookup(TableSet tables, AccountDirectory directory)
{
    public Task<LedgerEntity?> FindAsync(string accountId, string instanceId, string token, CancellationToken cancellationToken = default) =>
        tables.Ledger.FindAsync<LedgerEntity>(accountId, LedgerKeys.Revocation(instanceId, TokenHash.Of(token)), cancellationToken: cancellationToken);

    /// <summary>For operators: resolves the instance's owner first.</summary>
    public async Task<LedgerEntity?> FindAsync(string instanceId, string token, CancellationToken cancellationToken = default)
    {
        var instance = await directory.FindInstanceAsync(instanceId, cancellationToken);
        return instance is null ? null : await FindAsync(instance.AccountId, instanceId, token, cancellationToken);
    }
}
