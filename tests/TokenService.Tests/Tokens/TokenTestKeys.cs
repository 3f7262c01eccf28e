using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TokenService.Tokens;

namespace TokenService.Tests.Tokens;

/// <summary>Fresh P-256 keys and codecs over them, as the configuration would give them.</summary>
internal static class TokenTestKeys
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static string NewKey()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey());
    }

    public static TokenCodec Codec(string? currentKeyId, params (string Id, string Key)[] keys) =>
        new(Options(currentKeyId, keys));

    public static TokenCodec Codec() => Codec("k1", ("k1", NewKey()));

    public static IOptions<TokenSigningOptions> Options(string? currentKeyId, params (string Id, string Key)[] keys)
    {
        var options = new TokenSigningOptions { CurrentKeyId = currentKeyId };
        foreach (var (id, key) in keys)
        {
            options.SigningKeys[id] = key;
        }

        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static string Issue(this TokenCodec codec, params string[] resources)
    {
        var issue = codec.Issue("mqtt-cn-test", TokenActions.Read | TokenActions.Write, resources, Now, Now.AddHours(1));
        Assert.True(issue.Succeeded, issue.Error);
        return issue.Token;
    }
}
