using TokenService.Storage;

namespace TokenService.Tokens;

/// <summary>
/// How a token is named at rest and in logs: the <see cref="KeyHash"/> of its spelling. A token
/// has exactly one spelling (see <see cref="TokenCodec"/>), so its hash names it.
/// </summary>
public static class TokenHash
{
    public static string Of(string token) => KeyHash.Of(token);
}
