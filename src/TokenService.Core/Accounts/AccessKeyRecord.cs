namespace TokenService.Accounts;

/// <summary>A long-term key as the signature check needs it: the secret already decrypted.</summary>
public sealed record AccessKeyRecord(string AccessKeyId, string AccountId, string Secret, AccessPolicy Policy, bool Enabled);
