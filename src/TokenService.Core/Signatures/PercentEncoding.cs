using System.Text;

namespace TokenService.Signatures;

/// <summary>
/// Alibaba Cloud's percent-encoding (RFC 3986 unreserved set): <c>A-Z a-z 0-9 - _ . ~</c> stay,
/// every other UTF-8 byte becomes <c>%XY</c> in upper-case hex; a space is <c>%20</c>, never <c>+</c>.
/// </summary>
internal static class PercentEncoding
{
    public static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }

    /// <summary>Sorted (ordinal) <c>name=value</c> pairs joined with <c>&amp;</c>, names and values encoded.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
}
