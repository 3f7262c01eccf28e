using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TokenService.Accounts;

/// <summary>
/// Encrypts secrets with AES-256-GCM under the current key of the ring. The ciphertext names its
/// key id, so older ciphertexts stay readable after a rotation, and it is bound to a context
/// string (the AccessKeyId) so that a ciphertext copied to another row does not decrypt.
/// Format: <c>v1.&lt;keyId&gt;.&lt;base64(nonce | ciphertext | tag)&gt;</c>.
/// </summary>
internal sealed class SecretProtector
{
    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private static readonly KeyRingSettings Settings = new(
        "Secrets__Keys",
        "Secrets__CurrentKeyId",
        "No secret-encryption key is configured: set Secrets__CurrentKeyId and Secrets__Keys__<id> (base64 of 32 bytes).");

    private readonly KeyRing<byte[]> _ring;

    public SecretProtector(IOptions<SecretProtectionOptions> options)
    {
        var value = options.Value;
        _ring = KeyRing<byte[]>.Load(Settings, value.Keys, value.CurrentKeyId,
            id => id.Contains('.', StringComparison.Ordinal) ? "a key id must not contain '.'." : null,
            (id, base64) => TryDecode(base64) is { Length: 32 } key
                ? key
                : throw new InvalidOperationException($"Secrets__Keys__{id} must be base64 of exactly 32 bytes."));
    }

    public string CurrentKeyId => _ring.CurrentId;

    public string Protect(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_ring.Current, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Associated(context));
        return $"{Version}.{_ring.CurrentId}.{Convert.ToBase64String(output)}";
    }

    /// <summary>Decrypts, or returns null when the ciphertext is malformed, forged, bound to another context or under an unknown key.</summary>
    public string? Unprotect(string protectedValue, string context)
    {
        var parts = protectedValue.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !_ring.TryGet(parts[1], out var key))
        {
            return null;
        }

        var data = TryDecode(parts[2]);
        if (data is null || data.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain, Associated(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>True when the value is encrypted under a key other than the current one (rotation pending).</summary>
    public bool NeedsReencryption(string protectedValue) =>
        !protectedValue.StartsWith($"{Version}.{_ring.CurrentId}.", StringComparison.Ordinal);

    private static byte[] Associated(string context) => Encoding.UTF8.GetBytes(context);

    private static byte[]? TryDecode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
