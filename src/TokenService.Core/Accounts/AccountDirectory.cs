using Microsoft.Extensions.Options;
using TokenService.Storage;

namespace TokenService.Accounts;

/// <summary>
/// Read side of accounts: finds AccessKeys (secret decrypted) and instances by id, each a point
/// read, served from memory for at most <see cref="DirectoryOptions.CacheSeconds"/>.
/// </summary>
public sealed class AccountDirectory
{
    private readonly TableSet _tables;
    private readonly SecretProtector _protector;
    private readonly TtlCache<AccessKeyRecord> _keys;
    private readonly TtlCache<InstanceEntity> _instances;

    /// <summary>Internal, so that its collaborators can stay internal: the container builds it in its folder's registration.</summary>
    internal AccountDirectory(TableSet tables, SecretProtector protector, IOptions<DirectoryOptions> options, TimeProvider clock)
    {
        _tables = tables;
        _protector = protector;
        var ttl = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        _keys = new TtlCache<AccessKeyRecord>(clock, ttl);
        _instances = new TtlCache<InstanceEntity>(clock, ttl);
    }

    public ValueTask<AccessKeyRecord?> FindKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
        _keys.GetOrLoadAsync(accessKeyId, LoadKeyAsync, cancellationToken);

    public ValueTask<InstanceEntity?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        _instances.GetOrLoadAsync(instanceId, LoadInstanceAsync, cancellationToken);

    private async Task<AccessKeyRecord?> LoadKeyAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var entity = await _tables.AccessKeys.FindAsync<AccessKeyEntity>(accessKeyId, "", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }

        // A secret that does not decrypt (unknown key id after a bad rotation, tampered row) makes
        // the key unusable rather than the service fail: every signature check then fails with
        // SignatureDoesNotMatch.
        var secret = _protector.Unprotect(entity.ProtectedSecret, entity.AccessKeyId) ?? "";
        var policy = AccessPolicy.Parse(entity.Actions, entity.Instances, out _);
        return new AccessKeyRecord(entity.AccessKeyId, entity.AccountId, secret, policy, entity.Enabled);
    }

    private Task<InstanceEntity?> LoadInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        _tables.Instances.FindAsync<InstanceEntity>(instanceId, "", cancellationToken: cancellationToken);
}
