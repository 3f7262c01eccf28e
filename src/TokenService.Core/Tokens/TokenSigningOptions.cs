namespace TokenService.Tokens;

/// <summary>
/// The keys that sign tokens (<c>Tokens__CurrentKeyId</c>, <c>Tokens__SigningKeys__&lt;id&gt;</c>).
/// Each key is an ECDSA P-256 private key, base64 of its unencrypted PKCS#8 DER form:
/// <code>openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0</code>
/// A key id is 1 to 32 of <c>A-Z a-z 0-9 - _</c>: it is written into every token, between dots.
/// In Azure each key is an app setting that is a Key Vault reference.
/// </summary>
/// <remarks>
/// Rotation: add the new key under a new id, then make it current. Tokens name the key that signed
/// them, so the old key must stay configured until the last token it signed has expired (at most
/// 30 days after it stopped being current); then remove it. Brokers must be given the new public key
/// (<see cref="TokenCodec.PublicKeys"/>) before the new key becomes current.
/// </remarks>
internal sealed class TokenSigningOptions
{
    public const string Section = "Tokens";

    /// <summary>The key that signs new tokens; may be omitted when exactly one key is configured.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>Key id to base64 of a PKCS#8 DER P-256 private key. Every key here verifies.</summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.Ordinal);
}
