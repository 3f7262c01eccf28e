namespace TokenService.Accounts;

/// <summary>
/// The key ring that encrypts AccessKey secrets at rest (<c>Secrets__CurrentKeyId</c>,
/// <c>Secrets__Keys__&lt;id&gt;</c> = base64 of 32 random bytes). Locally <c>./run.sh</c>
/// generates one into <c>.azurite/</c>; in Azure each key is an app setting that is a Key Vault
/// reference. Rotation: add a key, make it current, re-encrypt, then remove the old one.
/// </summary>
internal sealed class SecretProtectionOptions
{
    public const string Section = "Secrets";

    public string? CurrentKeyId { get; set; }

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}
