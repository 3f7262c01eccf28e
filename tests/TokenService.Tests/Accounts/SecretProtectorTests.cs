using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TokenService.Accounts;

namespace TokenService.Tests.Accounts;

public sealed class SecretProtectorTests
{
    private static readonly string KeyOne = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyTwo = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static SecretProtector Protector(string current, params (string Id, string Key)[] keys) =>
        new(Options.Create(new SecretProtectionOptions
        {
            CurrentKeyId = current,
            Keys = keys.ToDictionary(k => k.Id, k => k.Key),
        }));

    [Fact]
    public void RoundTripsUnderTheSameContext()
    {
        var protector = Protector("k1", ("k1", KeyOne));

        var sealed_ = protector.Protect("s3cret", "LTAI1");

        Assert.DoesNotContain("s3cret", sealed_, StringComparison.Ordinal);
        Assert.StartsWith("v1.k1.", sealed_, StringComparison.Ordinal);
        Assert.Equal("s3cret", protector.Unprotect(sealed_, "LTAI1"));
    }

    [Fact]
    public void CiphertextMovedToAnotherKeyIdDoesNotDecrypt()
    {
        var protector = Protector("k1", ("k1", KeyOne));

        Assert.Null(protector.Unprotect(protector.Protect("s3cret", "LTAI1"), "LTAI2"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(-1)]
    public void TamperedCiphertextDoesNotDecrypt(int position)
    {
        var protector = Protector("k1", ("k1", KeyOne));
        var parts = protector.Protect("s3cret", "LTAI1").Split('.');
        var bytes = Convert.FromBase64String(parts[2]);
        // Flip one bit of a real byte (nonce, ciphertext or tag), not of base64 padding.
        bytes[position < 0 ? bytes.Length + position : position] ^= 0x01;
        var tampered = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(bytes)}";

        Assert.Null(protector.Unprotect(tampered, "LTAI1"));
    }

    [Theory]
    [InlineData("v1.k1.!!!")]
    [InlineData("garbage")]
    [InlineData("v1.k9.AAAA")]
    [InlineData("v1.k1.AAAA")]
    public void MalformedCiphertextDoesNotDecrypt(string value) =>
        Assert.Null(Protector("k1", ("k1", KeyOne)).Unprotect(value, "LTAI1"));

    [Fact]
    public void RotationKeepsOldCiphertextsReadableAndFlagsThemForReencryption()
    {
        var before = Protector("k1", ("k1", KeyOne));
        var old = before.Protect("s3cret", "LTAI1");
        var after = Protector("k2", ("k1", KeyOne), ("k2", KeyTwo));

        Assert.Equal("s3cret", after.Unprotect(old, "LTAI1"));
        Assert.True(after.NeedsReencryption(old));
        Assert.False(after.NeedsReencryption(after.Protect("s3cret", "LTAI1")));
        Assert.Null(Protector("k2", ("k2", KeyTwo)).Unprotect(old, "LTAI1"));
    }

    [Theory]
    [InlineData("", "k1", "exactly 32 bytes")]
    [InlineData("c2hvcnQ=", "k1", "exactly 32 bytes")]
    [InlineData("VALID", "missing", "names no configured key")]
    public void BadConfigurationFailsAtStartWithAClearMessage(string key, string current, string message)
    {
        var options = new SecretProtectionOptions { CurrentKeyId = current };
        options.Keys["k1"] = key == "VALID" ? KeyOne : key;

        var error = Assert.Throws<InvalidOperationException>(() => new SecretProtector(Options.Create(options)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeyAtAllFailsAtStart() =>
        Assert.Throws<InvalidOperationException>(() => new SecretProtector(Options.Create(new SecretProtectionOptions())));
}
