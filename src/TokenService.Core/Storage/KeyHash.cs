using System.Security.Cryptography;
using System.Text;

namespace TokenService.Storage;

/// <summary>
/// Lower-case hex SHA-256 of a string's UTF-8 bytes: how a value that is not a legal row key, or
/// must not be stored as itself (a token, a client-chosen nonce or client id), becomes one.
/// </summary>
internal static class KeyHash
{
    public static string Of(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
