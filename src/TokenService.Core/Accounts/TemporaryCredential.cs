namespace TokenService.Accounts;

/// <summary>
/// What an STS SecurityToken carries (encrypted and authenticated, bound to the STS
/// AccessKeyId): the parent key, the account, the expiry, an optional narrowing of the parent's
/// policy, and the temporary secret itself. Nothing about it is stored.
/// </summary>
public sealed record TemporaryCredential(
    string AccessKeyId,
    string Secret,
    string ParentAccessKeyId,
    string AccountId,
    DateTimeOffset Expiration,
    string Actions,
    string Instances);
