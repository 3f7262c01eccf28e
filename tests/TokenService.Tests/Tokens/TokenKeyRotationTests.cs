namespace TokenService.Tests.Tokens;

public class TokenKeyRotationTests
{
    private readonly string _oldKey = TokenTestKeys.NewKey();
    private readonly string _newKey = TokenTestKeys.NewKey();

    [Fact]
    public void TokensSignedByTheOldKeyVerifyWhileItStaysConfigured()
    {
        var before = TokenTestKeys.Codec("2025-05", ("2025-05", _oldKey));
        var oldToken = before.Issue("a/b");

        var after = TokenTestKeys.Codec("2025-06", ("2025-05", _oldKey), ("2025-06", _newKey));
        var newToken = after.Issue("a/b");

        Assert.Equal("2025-06", after.CurrentKeyId);
        Assert.StartsWith("v1.2025-06.", newToken, StringComparison.Ordinal);
        Assert.NotNull(after.Verify(oldToken));
        Assert.NotNull(after.Verify(newToken));
        Assert.Null(before.Verify(newToken));
        Assert.Equal(["2025-05", "2025-06"], after.PublicKeys.Keys.Order());
    }

    [Fact]
    public void TokensSignedByARemovedKeyNoLongerVerify()
    {
        var oldToken = TokenTestKeys.Codec("2025-05", ("2025-05", _oldKey)).Issue("a/b");

        var retired = TokenTestKeys.Codec("2025-06", ("2025-06", _newKey));

        Assert.Null(retired.Verify(oldToken));
        Assert.Null(retired.ReadExpiry(oldToken));
    }

    [Fact]
    public void UnknownKeyIdIsRejected()
    {
        var token = TokenTestKeys.Codec("a", ("a", _oldKey)).Issue("a/b");

        Assert.Null(TokenTestKeys.Codec("b", ("b", _oldKey)).Verify(token));
    }

    [Fact]
    public void RenamingTheKeyIdInsideATokenBreaksItsSignature()
    {
        // The same key material under two ids: the key id is signed, so it cannot be swapped.
        var codec = TokenTestKeys.Codec("a", ("a", _oldKey), ("b", _oldKey));
        var token = codec.Issue("a/b");

        Assert.NotNull(codec.Verify(token));
        Assert.Null(codec.Verify(token.Replace("v1.a.", "v1.b.", StringComparison.Ordinal)));
    }
}
