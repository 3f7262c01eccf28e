using System.Security.Cryptography;
using System.Text;

namespace TokenService.Tokens;

/// <summary>
/// How a token is named at rest and in logs: lower-case hex SHA-256 of its UTF-8 bytes. A token
/// has exactly one spelling (see <see cref="TokenCodec"/>), so its hash names it.
/// </summary>
public static class TokenHash
{
    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
