using System.Buffers.Text;
using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using TokenService.Tokens;

namespace TokenService.Tests.Tokens;

public class HostileTokenTests
{
    private readonly TokenCodec _codec = TokenTestKeys.Codec();

    public static TheoryData<string> Garbage() => new()
    {
        "",
        " ",
        "v1",
        "v1.k1",
        "v1.k1.AAAA",
        "...",
        "....",
        "v1.k1..",
        "v1.k1.AAAA.",
        "v1.k1.AAAA.AAAA",
        "v2.k1.AAAA.AAAA",
        "v1.k1.AAAA.AAAA.AAAA",
        "v1.k1.AA==.AAAA",
        "v1.k1.A.AAAA",
        "v1.k1.AAAA." + new string('A', 86),
        "v1.k1.AAAA." + new string('A', 85) + "é",
        "v1.k1.AA AA." + new string('A', 86),
        "v1.k1.\u0000." + new string('A', 86),
        "v1.k1." + new string('A', 4000) + "." + new string('A', 86),
        "v1.k1." + new string('_', 4096),
        new string('.', 4096),
        new string('A', 4097),
        "v1.k1." + new string('A', 5000) + "." + new string('A', 86),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void GarbageIsNotAToken(string token)
    {
        Assert.Null(_codec.Verify(token));
        Assert.Null(_codec.ReadExpiry(token));
    }

    [Fact]
    public void RandomStringsAreNotTokens()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(1, 4097)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(i % 2 == 0 ? 0x21 : 0, i % 2 == 0 ? 0x7F : 0x10000);
            }

            Assert.Null(_codec.Verify(new string(chars)));
        }

        Assert.Null(_codec.Verify(null));
    }

    [Fact]
    public void ValidlySignedZipBombIsRejected()
    {
        var bomb = new byte[4 * 1024 * 1024];
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(bomb.Length)];
        Assert.True(BrotliEncoder.TryCompress(bomb, compressed, out var written, 11, 24));

        var token = _codec.Seal([1, .. compressed.AsSpan(0, written)]);

        Assert.True(token.Length <= TokenCodec.MaxTokenLength);
        Assert.Null(_codec.Verify(token));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 2, 0 })]
    public void ValidlySignedGarbagePayloadIsRejected(byte[] payload)
    {
        Assert.Null(_codec.Verify(_codec.Seal(payload)));
    }

    [Fact]
    public void ValidlySignedPayloadWithTrailingOrMissingBytesIsRejected()
    {
        var token = _codec.Issue("a/b");
        var payload = Base64Url.DecodeFromChars(token.Split('.')[2]);

        Assert.NotNull(_codec.Verify(_codec.Seal(payload)));
        Assert.Null(_codec.Verify(_codec.Seal([.. payload, 0])));
        Assert.Null(_codec.Verify(_codec.Seal(payload.AsSpan(0, payload.Length - 1))));
    }

    [Fact]
    public void MalleatedSignatureIsRejectedThoughMathematicallyValid()
    {
        // (r, n - s) is a second valid ECDSA signature; accepting it would give a revoked token a
        // second spelling with another hash.
        var token = _codec.Issue("a/b");
        var lastDot = token.LastIndexOf('.');
        var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        var order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, null);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var highS = (order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var malleated = signature[..32].Concat(new byte[32 - highS.Length]).Concat(highS).ToArray();

        using var broker = ECDsa.Create();
        broker.ImportSubjectPublicKeyInfo(Convert.FromBase64String(_codec.PublicKeys["k1"]), out _);
        Assert.True(broker.VerifyData(Encoding.ASCII.GetBytes(token[..lastDot]), malleated, HashAlgorithmName.SHA256));

        Assert.Null(_codec.Verify($"{token[..lastDot]}.{Base64Url.EncodeToString(malleated)}"));
    }

    [Fact]
    public void SecondSpellingOfTheSameSignatureBytesIsRejected()
    {
        // 64 bytes take 86 characters with 4 bits to spare, which lenient decoders ignore.
        var token = _codec.Issue("a/b");
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var respelled = token[..^1] + alphabet[alphabet.IndexOf(token[^1], StringComparison.Ordinal) ^ 1];

        Assert.Equal(LenientDecode(token), LenientDecode(respelled));
        Assert.Null(_codec.Verify(respelled));
    }

    private static byte[] LenientDecode(string token)
    {
        var signature = token[(token.LastIndexOf('.') + 1)..].Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(signature + "==");
    }
}
