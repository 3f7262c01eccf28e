using System.Globalization;

namespace TokenService.Accounts;

/// <summary>
/// Mints and opens STS temporary credentials. The SecurityToken is the credential sealed with
/// <see cref="SecretProtector"/> under the context <c>sts:&lt;AccessKeyId&gt;</c>, so it cannot be
/// forged, read, or used with another credential's AccessKeyId; a copy of the tables holds none
/// of it. Opening checks only the seal: expiry and the parent key are checked by the caller.
/// </summary>
public sealed class StsIssuer
{
    private readonly SecretProtector _protector;

    /// <summary>Internal, so that its collaborators can stay internal: the container builds it in its folder's registration.</summary>
    internal StsIssuer(SecretProtector protector)
    {
        _protector = protector;
    }

    public const int MaxSeconds = 43_200;
    private const string Prefix = "STS.";
    private const char Separator = '\n';

    public static bool IsTemporary(string accessKeyId) => accessKeyId.StartsWith(Prefix, StringComparison.Ordinal);

    public (TemporaryCredential Credential, string SecurityToken) Issue(
        string parentAccessKeyId, string accountId, DateTimeOffset expiration, AccessPolicy narrowing)
    {
        var credential = new TemporaryCredential(
            KeyGenerator.NewTemporaryAccessKeyId(), KeyGenerator.NewSecret(), parentAccessKeyId, accountId,
            expiration, narrowing.ActionsText, narrowing.InstancesText);
        var payload = string.Join(Separator,
            credential.AccessKeyId, credential.Secret, credential.ParentAccessKeyId, credential.AccountId,
            credential.Expiration.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            credential.Actions, credential.Instances);
        return (credential, _protector.Protect(payload, Context(credential.AccessKeyId)));
    }

    /// <summary>The credential sealed in <paramref name="securityToken"/> for this AccessKeyId, or null.</summary>
    public TemporaryCredential? Open(string accessKeyId, string securityToken)
    {
        var payload = _protector.Unprotect(securityToken, Context(accessKeyId));
        var parts = payload?.Split(Separator);
        if (parts is not { Length: 7 } || parts[0] != accessKeyId
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        return new TemporaryCredential(parts[0], parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires), parts[5], parts[6]);
    }

    private static string Context(string accessKeyId) => "sts:" + accessKeyId;
}
