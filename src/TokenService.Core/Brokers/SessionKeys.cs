using System.Globalization;
using TokenService.Storage;

namespace TokenService.Brokers;

/// <summary>
/// Keys of the Sessions table. A fleet reconnecting at once must not funnel into one partition
/// (Table Storage serves about 2,000 entities/s per partition), so every row kind is spread by a
/// hash:
/// <code>
/// c|&lt;session id&gt;          ""                       the session of one client id on one broker
/// t|&lt;token hash&gt;          &lt;session id&gt;             a session that presented the token (for revocation)
/// x|&lt;bucket&gt;              &lt;expires:D10&gt;|&lt;session id&gt;  expiry index: purge is 16 range queries
/// </code>
/// The session id is the SHA-256 of broker and client id (client ids may hold characters keys
/// cannot); the bucket is its first hex digit, so expiry entries spread over 16 partitions.
/// </summary>
internal static class SessionKeys
{
    public const string SessionPrefix = "c|";
    public const string TokenPrefix = "t|";
    public const string ExpiryPrefix = "x|";

    public static IEnumerable<string> ExpiryBuckets { get; } = "0123456789abcdef".Select(c => ExpiryPrefix + c).ToArray();

    public static string SessionId(string broker, string clientId) => KeyHash.Of(broker + "\n" + clientId);

    public static string Session(string sessionId) => SessionPrefix + sessionId;

    public static string Token(string tokenHash) => TokenPrefix + tokenHash;

    public static string ExpiryBucket(string sessionId) => ExpiryPrefix + sessionId[0];

    public static string Expiry(DateTimeOffset expires, string sessionId) =>
        string.Create(CultureInfo.InvariantCulture, $"{expires.ToUnixTimeSeconds():D10}|{sessionId}");

    /// <summary>The first row key of expiry entries at or after <paramref name="from"/>.</summary>
    public static string ExpiryFrom(DateTimeOffset from) =>
        string.Create(CultureInfo.InvariantCulture, $"{from.ToUnixTimeSeconds():D10}|");

    /// <summary>Every expiry entry at or before <paramref name="now"/> sorts below this row key.</summary>
    public static string ExpiryUpTo(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeSeconds():D10}|~");

    public static string ExpirySessionId(string expiryRowKey) => expiryRowKey[11..];
}
