using System.Security.Cryptography;

namespace TokenService.Tests.Tokens;

public class TokenSigningConfigurationTests
{
    [Fact]
    public void NoKeysIsAClearStartupError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TokenTestKeys.Codec(null));

        Assert.Contains("Tokens__SigningKeys__", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentKeyIdMustNameAConfiguredKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TokenTestKeys.Codec("k2", ("k1", TokenTestKeys.NewKey())));

        Assert.Contains("'k2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentKeyIdMayBeOmittedWithASingleKey()
    {
        Assert.Equal("only", TokenTestKeys.Codec(null, ("only", TokenTestKeys.NewKey())).CurrentKeyId);
        Assert.Throws<InvalidOperationException>(() =>
            TokenTestKeys.Codec(null, ("a", TokenTestKeys.NewKey()), ("b", TokenTestKeys.NewKey())));
    }

    [Theory]
    [InlineData("with.dot")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("a23456789012345678901234567890123")]
    public void KeyIdsMustBeShortAndDotFree(string id)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TokenTestKeys.Codec(id, (id, TokenTestKeys.NewKey())));

        Assert.Contains("key id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyThatIsNotBase64IsRejected()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TokenTestKeys.Codec("k", ("k", "not base64!")));

        Assert.Contains("base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyThatIsNotPkcs8IsRejected()
    {
        Assert.Throws<InvalidOperationException>(() => TokenTestKeys.Codec("k", ("k", Convert.ToBase64String(new byte[32]))));

        using var rsa = RSA.Create(2048);
        Assert.Throws<InvalidOperationException>(() => TokenTestKeys.Codec("k", ("k", Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()))));
    }

    [Fact]
    public void KeyOnAnotherCurveIsRejected()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var error = Assert.Throws<InvalidOperationException>(() =>
            TokenTestKeys.Codec("k", ("k", Convert.ToBase64String(p384.ExportPkcs8PrivateKey()))));

        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicKeysAreSubjectPublicKeyInfoOfTheConfiguredKeys()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var codec = TokenTestKeys.Codec("k", ("k", Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey())));

        Assert.Equal(Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo()), codec.PublicKeys["k"]);
    }
}
