using System.Text;
using System.Text.Unicode;
using TokenService.Rpc;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// Parses <c>application/x-www-form-urlencoded</c> text (a query string or a form body) into
/// name/value pairs, rejecting what the API calls malformed: a duplicated name, too many
/// parameters, an oversized name or value, an empty name, a control character in a name, a
/// malformed percent-escape or bytes that are not UTF-8.
/// </summary>
internal static class FormParser
{
    public static ApiError? Parse(string text, Dictionary<string, string> into)
    {
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (Decode(equals < 0 ? pair : pair[..equals]) is not { } name
                || (equals < 0 ? "" : Decode(pair[(equals + 1)..])) is not { } value)
            {
                return ErrorCatalog.ParameterCheckFailed("A parameter is not valid percent-encoded UTF-8.");
            }

            if (name.Length == 0 || name.Length > GatewayLimits.MaxNameLength || name.Any(char.IsControl))
            {
                return ErrorCatalog.ParameterCheckFailed("A parameter name is empty, too long or contains control characters.");
            }

            if (value.Length > GatewayLimits.MaxValueLength)
            {
                return ErrorCatalog.ParameterCheckFailed($"The value of {name} is longer than {GatewayLimits.MaxValueLength} characters.");
            }

            if (!into.TryAdd(name, value))
            {
                return ErrorCatalog.ParameterCheckFailed($"The parameter {name} is given more than once.");
            }

            if (into.Count > GatewayLimits.MaxParameters)
            {
                return ErrorCatalog.ParameterCheckFailed($"A request may carry at most {GatewayLimits.MaxParameters} parameters.");
            }
        }

        return null;
    }

    /// <summary>
    /// '+' is a space and <c>%XY</c> a byte; the bytes must be UTF-8. Null for a <c>%</c> without
    /// two hex digits or bytes that are not UTF-8: a lenient decoder would keep such escapes as
    /// text, so one value would have several spellings on the wire and the service would sign and
    /// act on a value the client never meant.
    /// </summary>
    private static string? Decode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text.Replace('+', ' ');
        }

        var source = Encoding.UTF8.GetBytes(text);
        var bytes = new byte[source.Length];
        var length = 0;
        for (var i = 0; i < source.Length; i++)
        {
            switch (source[i])
            {
                case (byte)'+':
                    bytes[length++] = (byte)' ';
                    break;
                case (byte)'%':
                    if (i + 2 >= source.Length || !IsHex(source[i + 1]) || !IsHex(source[i + 2]))
                    {
                        return null;
                    }

                    bytes[length++] = (byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                    i += 2;
                    break;
                default:
                    bytes[length++] = source[i];
                    break;
            }
        }

        return Utf8.IsValid(bytes.AsSpan(0, length)) ? Encoding.UTF8.GetString(bytes, 0, length) : null;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
