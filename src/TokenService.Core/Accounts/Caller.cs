namespace TokenService.Accounts;

/// <summary>
/// An authenticated caller: the AccessKey that signed the call, its account and its effective
/// policy (for temporary credentials, the parent's policy narrowed by the credential's own).
/// </summary>
internal sealed record Caller(string AccessKeyId, string AccountId, AccessPolicy Policy)
{
    /// <summary>For STS credentials, the long-term key that issued them.</summary>
    public string? ParentAccessKeyId { get; init; }
}
