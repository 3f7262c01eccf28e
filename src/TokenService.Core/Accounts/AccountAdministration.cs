using Azure;
using Azure.Data.Tables;
using TokenService.Storage;

namespace TokenService.Accounts;

/// <summary>
/// Write side of accounts, used by <c>tokenctl</c> and the demo seed: one implementation of each
/// rule (ids, uniqueness, secret encryption). Creation is insert-only (409 means "exists").
/// </summary>
public sealed class AccountAdministration
{
    private readonly TableSet _tables;
    private readonly SecretProtector _protector;
    private readonly TimeProvider _clock;

    /// <summary>Internal, so that its collaborators can stay internal: the container builds it in its folder's registration.</summary>
    internal AccountAdministration(TableSet tables, SecretProtector protector, TimeProvider clock)
    {
        _tables = tables;
        _protector = protector;
        _clock = clock;
    }

    public async Task<AdminResult<string>> CreateAccountAsync(string accountId, CancellationToken cancellationToken = default)
    {
        if (!Identifiers.IsAccountId(accountId))
        {
            return AdminResult.Failure<string>($"Account id '{accountId}' must be 1 to 64 of A-Z a-z 0-9 - _.");
        }

        await _tables.EnsureCreatedAsync(cancellationToken);
        var entity = new AccountEntity { PartitionKey = accountId, CreatedAt = _clock.GetUtcNow() };
        return await TryAddAsync(_tables.Accounts, entity, accountId, $"Account '{accountId}' already exists.", cancellationToken);
    }

    public async Task<AdminResult<string>> CreateInstanceAsync(string accountId, string instanceId, CancellationToken cancellationToken = default)
    {
        if (!Identifiers.IsInstanceId(instanceId))
        {
            return AdminResult.Failure<string>($"Instance id '{instanceId}' must be 1 to 64 of A-Z a-z 0-9 - _.");
        }

        if (!await AccountExistsAsync(accountId, cancellationToken))
        {
            return AdminResult.Failure<string>($"Account '{accountId}' does not exist.");
        }

        var entity = new InstanceEntity { PartitionKey = instanceId, AccountId = accountId, CreatedAt = _clock.GetUtcNow() };
        return await TryAddAsync(_tables.Instances, entity, instanceId, $"Instance '{instanceId}' already exists.", cancellationToken);
    }

    public async Task<AdminResult<(string AccessKeyId, string Secret)>> CreateKeyAsync(
        string accountId, string? actions, string? instances, CancellationToken cancellationToken = default)
    {
        var policy = AccessPolicy.Parse(actions, instances, out var policyError);
        if (policyError is not null)
        {
            return AdminResult.Failure<(string, string)>(policyError);
        }

        if (!await AccountExistsAsync(accountId, cancellationToken))
        {
            return AdminResult.Failure<(string, string)>($"Account '{accountId}' does not exist.");
        }

        var accessKeyId = KeyGenerator.NewAccessKeyId();
        var secret = KeyGenerator.NewSecret();
        var entity = new AccessKeyEntity
        {
            PartitionKey = accessKeyId,
            AccountId = accountId,
            ProtectedSecret = _protector.Protect(secret, accessKeyId),
            Actions = policy.ActionsText,
            Instances = policy.InstancesText,
            CreatedAt = _clock.GetUtcNow(),
        };
        await _tables.AccessKeys.AddEntityAsync(entity, cancellationToken);
        return AdminResult.Success((accessKeyId, secret));
    }

    /// <summary>A key's owner, policy and state; never its secret.</summary>
    public async Task<AccessKeyEntity?> FindKeyAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureCreatedAsync(cancellationToken);
        var found = await _tables.AccessKeys.GetEntityIfExistsAsync<AccessKeyEntity>(accessKeyId, "", cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    public async Task<AdminResult<string>> SetKeyEnabledAsync(string accessKeyId, bool enabled, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureCreatedAsync(cancellationToken);
        var found = await _tables.AccessKeys.GetEntityIfExistsAsync<AccessKeyEntity>(accessKeyId, "", cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } entity)
        {
            return AdminResult.Failure<string>($"AccessKey '{accessKeyId}' does not exist.");
        }

        entity.Enabled = enabled;
        await _tables.AccessKeys.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
        return AdminResult.Success(accessKeyId);
    }

    /// <summary>
    /// Re-encrypts every AccessKey secret that is not under the current key: the middle step of a
    /// key rotation. Each row is replaced under its ETag, so a concurrent change is not lost
    /// (that row is reported and can be re-run).
    /// </summary>
    public async Task<(int Reencrypted, int Failed)> ReencryptSecretsAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureCreatedAsync(cancellationToken);
        int done = 0, failed = 0;
        await foreach (var entity in _tables.AccessKeys.QueryAsync<AccessKeyEntity>(cancellationToken: cancellationToken))
        {
            if (!_protector.NeedsReencryption(entity.ProtectedSecret))
            {
                continue;
            }

            var secret = _protector.Unprotect(entity.ProtectedSecret, entity.AccessKeyId);
            if (secret is null)
            {
                failed++;
                progress?.Report($"{entity.AccessKeyId}: secret does not decrypt with any configured key; left as is");
                continue;
            }

            entity.ProtectedSecret = _protector.Protect(secret, entity.AccessKeyId);
            try
            {
                await _tables.AccessKeys.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                done++;
                progress?.Report($"{entity.AccessKeyId}: re-encrypted under {_protector.CurrentKeyId}");
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                failed++;
                progress?.Report($"{entity.AccessKeyId}: changed concurrently; run again");
            }
        }

        return (done, failed);
    }

    public async Task<bool> AccountExistsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureCreatedAsync(cancellationToken);
        if (!Identifiers.IsAccountId(accountId))
        {
            return false;
        }

        var found = await _tables.Accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, "", cancellationToken: cancellationToken);
        return found.HasValue;
    }

    private static async Task<AdminResult<string>> TryAddAsync<T>(TableClient table, T entity, string id, string conflict, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return AdminResult.Success(id);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return AdminResult.Failure<string>(conflict);
        }
    }
}
