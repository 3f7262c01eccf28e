using System.Security.Cryptography;

namespace TokenService.Accounts;

/// <summary>Random AccessKey ids and secrets in Alibaba Cloud's shapes (<c>LTAI…</c>, 30 characters).</summary>
internal static class KeyGenerator
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewAccessKeyId() => "LTAI" + RandomString(20);

    public static string NewTemporaryAccessKeyId() => "STS." + RandomString(24);

    public static string NewSecret() => RandomString(30);

    public static string RandomString(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
