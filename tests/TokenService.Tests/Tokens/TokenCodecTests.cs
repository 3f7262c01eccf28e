using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TokenService.Tokens;

namespace TokenService.Tests.Tokens;

public class TokenCodecTests
{
    private readonly TokenCodec _codec = TokenTestKeys.Codec();

    [Fact]
    public void IssuedTokenVerifiesToTheSameClaims()
    {
        var issuedAt = TokenTestKeys.Now.AddTicks(1234);
        var issue = _codec.Issue("mqtt-cn-0pp1", TokenActions.Write, ["b/+", "a/#", "b/+"], issuedAt, issuedAt.AddDays(30));

        Assert.True(issue.Succeeded);
        Assert.StartsWith("v1.k1.", issue.Token, StringComparison.Ordinal);
        var claims = _codec.Verify(issue.Token);
        Assert.NotNull(claims);
        Assert.Equal("mqtt-cn-0pp1", claims.InstanceId);
        Assert.Equal(TokenActions.Write, claims.Actions);
        Assert.Equal(["a/#", "b/+"], claims.Resources);
        Assert.Equal(TokenTestKeys.Now.AddTicks(1234 / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond), claims.IssuedAt);
        Assert.Equal(issue.Claims.IssuedAt, claims.IssuedAt);
        Assert.Equal(issue.Claims.ExpiresAt, claims.ExpiresAt);
        Assert.Equal(issue.Claims.TokenId, claims.TokenId);
        Assert.Matches("^[0-9a-f]{32}$", claims.TokenId);
    }

    [Fact]
    public void LargeResourceListsRoundTripThroughCompression()
    {
        var resources = Enumerable.Range(0, 100).Select(i => $"devices/device-{i:D4}/telemetry/+").ToArray();
        var token = _codec.Issue(resources);

        Assert.Equal(resources.Order(StringComparer.Ordinal), _codec.Verify(token)!.Resources);
        Assert.True(token.Length < 100 * resources[0].Length, "a shared prefix should compress");
    }

    [Fact]
    public void NonAsciiTopicFiltersRoundTrip()
    {
        var token = _codec.Issue("传感器/温度/+", "capteur/été/#");

        Assert.Equal(["capteur/été/#", "传感器/温度/+"], _codec.Verify(token)!.Resources);
    }

    [Fact]
    public void TwoIssuesOfTheSameClaimsDiffer()
    {
        var first = _codec.Issue("a/b");
        var second = _codec.Issue("a/b");

        Assert.NotEqual(first, second);
        Assert.NotEqual(_codec.Verify(first)!.TokenId, _codec.Verify(second)!.TokenId);
    }

    [Fact]
    public void ChangingOneCharacterMakesTokenInvalid()
    {
        var token = _codec.Issue("devices/+/telemetry", "devices/42/#");
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < token.Length; i++)
        {
            // The next letter of the alphabet flips the lowest bit, the one most likely to be ignored.
            var next = alphabet[(alphabet.IndexOf(token[i], StringComparison.Ordinal) + 1) % alphabet.Length];
            foreach (var replacement in new[] { next, '.', token[i] == 'A' ? 'B' : 'A' })
            {
                var changed = string.Concat(token.AsSpan(0, i), [replacement], token.AsSpan(i + 1));
                Assert.True(changed == token || _codec.Verify(changed) is null, $"position {i} -> '{replacement}' still verifies");
            }
        }
    }

    [Fact]
    public void EveryReplacementOfTheLastCharactersIsRejected()
    {
        var token = _codec.Issue("a/b");
        var signatureStart = token.LastIndexOf('.') + 1;

        foreach (var position in new[] { token.Length - 1, token.Length - 2, signatureStart, signatureStart - 2 })
        {
            for (var c = '!'; c <= '~'; c++)
            {
                var changed = string.Concat(token.AsSpan(0, position), [c], token.AsSpan(position + 1));
                Assert.True(changed == token || _codec.Verify(changed) is null, $"position {position} -> '{c}' still verifies");
            }
        }
    }

    [Fact]
    public void BrokerWithOnlyThePublicKeyCanVerifyTheSignature()
    {
        var token = _codec.Issue("a/b");
        using var broker = ECDsa.Create();
        broker.ImportSubjectPublicKeyInfo(Convert.FromBase64String(_codec.PublicKeys["k1"]), out _);

        var lastDot = token.LastIndexOf('.');
        var signed = Encoding.ASCII.GetBytes(token[..lastDot]);
        var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        Assert.True(broker.VerifyData(signed, signature, HashAlgorithmName.SHA256));
        Assert.ThrowsAny<CryptographicException>(() => broker.SignData(signed, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void TokenHoldsNoSecretAndNamesItsKey()
    {
        var token = _codec.Issue("a/b");

        Assert.Equal(4, token.Split('.').Length);
        Assert.Equal("k1", token.Split('.')[1]);
        Assert.DoesNotContain(_codec.PublicKeys["k1"], token, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadExpiryReadsGenuineTokensEvenWhenExpired()
    {
        var issue = _codec.Issue("i-1", TokenActions.Read, ["a"], TokenTestKeys.Now.AddDays(-40), TokenTestKeys.Now.AddDays(-10));

        Assert.Equal(TokenTestKeys.Now.AddDays(-10), _codec.ReadExpiry(issue.Token!));
        Assert.True(_codec.Verify(issue.Token!)!.IsExpiredAt(TokenTestKeys.Now));
        Assert.Null(_codec.ReadExpiry("v1.k1.AAAA.AAAA"));
        Assert.Null(TokenTestKeys.Codec().ReadExpiry(issue.Token!));
    }

    [Theory]
    [InlineData("", TokenActions.Read, "a", 60)]
    [InlineData("bad id", TokenActions.Read, "a", 60)]
    [InlineData("i-1", TokenActions.None, "a", 60)]
    [InlineData("i-1", (TokenActions)4, "a", 60)]
    [InlineData("i-1", TokenActions.Read, "a/#/b", 60)]
    [InlineData("i-1", TokenActions.Read, "a", 0)]
    public void IssueRefusesArgumentsThatSkippedValidation(string instanceId, TokenActions actions, string resource, int seconds)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            _codec.Issue(instanceId, actions, [resource], TokenTestKeys.Now, TokenTestKeys.Now.AddSeconds(seconds)));
        Assert.ThrowsAny<ArgumentException>(() =>
            _codec.Issue("i-1", TokenActions.Read, [], TokenTestKeys.Now, TokenTestKeys.Now.AddSeconds(60)));
    }

    [Fact]
    public void ConcurrentIssuesAndVerificationsAllSucceed()
    {
        var tokens = new string[2000];
        Parallel.For(0, tokens.Length, i =>
        {
            tokens[i] = _codec.Issue($"t/{i}");
            Assert.Equal($"t/{i}", _codec.Verify(tokens[i])!.Resources[0]);
        });

        Assert.Equal(tokens.Length, tokens.Distinct().Count());
    }
}
