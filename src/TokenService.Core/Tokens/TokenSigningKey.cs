using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;

namespace TokenService.Tokens;

/// <summary>
/// One ECDSA P-256 key of the ring. Signatures are IEEE P1363 (r || s, 64 bytes) in low-S form:
/// ECDSA lets anyone turn (r, s) into a second valid signature (r, n - s) of the same message,
/// which would give a revoked token a second spelling with another hash. Signing always emits
/// the low s and verification refuses the high one, so every token has exactly one spelling.
/// </summary>
internal sealed class TokenSigningKey
{
    public const int SignatureSize = 64;
    private const string P256Oid = "1.2.840.10045.3.1.7";

    // ECDsa instances are not documented as safe for concurrent use, and importing a key per call
    // costs about three signatures, so each key keeps a small pool of imported instances.
    private readonly ObjectPool<ECDsa> _pool;

    private TokenSigningKey(string id, byte[] pkcs8, string publicKey)
    {
        Id = id;
        PublicKey = publicKey;
        _pool = new DefaultObjectPool<ECDsa>(new ImportPolicy(pkcs8));
    }

    public string Id { get; }

    /// <summary>Base64 of the DER SubjectPublicKeyInfo: what a broker needs to verify.</summary>
    public string PublicKey { get; }

    /// <summary>Parses base64 PKCS#8, or throws <see cref="InvalidOperationException"/> naming what is wrong.</summary>
    public static TokenSigningKey Load(string id, string base64)
    {
        byte[] pkcs8;
        try
        {
            pkcs8 = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Tokens__SigningKeys__{id} is not valid base64.");
        }

        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length)
            {
                throw new InvalidOperationException($"Tokens__SigningKeys__{id} has {pkcs8.Length - read} bytes after its PKCS#8 structure.");
            }
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"Tokens__SigningKeys__{id} is not an unencrypted PKCS#8 EC private key.", e);
        }

        var curve = ecdsa.ExportParameters(false).Curve;
        if (!curve.IsNamed || curve.Oid.Value != P256Oid)
        {
            throw new InvalidOperationException(
                $"Tokens__SigningKeys__{id} must be on curve P-256 (prime256v1), not {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "explicit parameters"}.");
        }

        return new TokenSigningKey(id, pkcs8, Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo()));
    }

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[SignatureSize];
        var ecdsa = _pool.Get();
        try
        {
            if (!ecdsa.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written)
                || written != SignatureSize)
            {
                throw new CryptographicException("An ECDSA P-256 signature must be 64 bytes.");
            }
        }
        finally
        {
            _pool.Return(ecdsa);
        }

        LowS.Normalize(signature.AsSpan(SignatureSize / 2));
        return signature;
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize || !LowS.IsLow(signature[(SignatureSize / 2)..]))
        {
            return false;
        }

        var ecdsa = _pool.Get();
        try
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            _pool.Return(ecdsa);
        }
    }

    private sealed class ImportPolicy(byte[] pkcs8) : PooledObjectPolicy<ECDsa>
    {
        public override ECDsa Create()
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return ecdsa;
        }

        public override bool Return(ECDsa obj) => true;
    }
}
