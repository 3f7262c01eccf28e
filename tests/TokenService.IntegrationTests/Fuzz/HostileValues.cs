using FsCheck;
using FsCheck.Fluent;

namespace TokenService.IntegrationTests.Fuzz;

/// <summary>
/// Generators of the pieces of a hostile request: names and values a careful client would never
/// send (empty, duplicated, control characters, lone surrogates' replacements, non-ASCII, very
/// long, almost-valid), and the ways to spell them on the wire (every percent-encoding shape,
/// raw bytes that are not UTF-8).
/// </summary>
public static class HostileValues
{
    public static readonly string[] KnownNames =
    [
        "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce",
        "Timestamp", "SecurityToken", "RegionId", "Token", "InstanceId", "Resources", "ExpireTime", "Actions",
    ];

    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND"];

    public static readonly string?[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED",
        "application/x-www-form-urlencoded; charset=latin1", "application/json", "text/xml", "text/plain", "multipart/form-data; boundary=x",
        "", ";;", "application/x-www-form-urlencoded;", null,
    ];

    /// <summary>Values that are nearly right: what a hostile client probes the checks with.</summary>
    private static readonly string[] NearlyValid =
    [
        "RevokeToken", "ApplyToken", "QueryToken", "revoketoken", "DescribeRegions", "2020-04-20", "2019-12-11", "2020-4-20",
        "JSON", "XML", "xml", "YAML", "HMAC-SHA1", "HMAC-SHA256", "1.0", "2.0", "2026-12-02T00:00:00Z", "2026-13-45T99:99:99Z",
        "1970-01-01T00:00:00Z", "mqtt-cn-0pp12gl0a01", "R", "W", "R,W", "W,R", "RW", "R,,W", "#", "+", "a/#/b", "a/+/b", "a/b+",
        "9999999999999", "-1", "0", "1e10", "NaN", "v1.k1.AAAA.BBBB", "v1..", "LTAI", "STS.", "true", "null", "*",
    ];

    public static Gen<string> Name() => Gen.Frequency(
        (6, Gen.Elements(KnownNames)),
        (1, Gen.Constant("")),
        (1, Gen.Elements("signature", "action", "Action ", " Action", "Action\0", "ACTION", "x-acs-action", "Pad")),
        (1, Text(1, 40)));

    public static Gen<string> Value() => Gen.Frequency(
        (4, Gen.Elements(NearlyValid)),
        (1, Gen.Constant("")),
        (3, Text(0, 64)),
        (1, Gen.Choose(4090, 4100).Select(n => new string('a', n))),
        (1, Gen.Choose(8190, 8200).Select(n => new string('x', n))));

    /// <summary>Text from every corner of Unicode that survives UTF-8: controls, separators, marks, emoji, the replacement character.</summary>
    public static Gen<string> Text(int min, int max) =>
        Gen.Choose(min, max).SelectMany(length => Gen.ArrayOf(Character(), length)).Select(chars => string.Concat(chars));

    private static Gen<string> Character() => Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (2, Gen.Elements("&", "=", "%", "+", "?", "#", ";", ",", "/", "\\", "\"", "'", "<", ">", " ", "|", "~", "*")),
        (1, Gen.Choose(0x00, 0x1F).Select(c => ((char)c).ToString())),
        (1, Gen.Elements("\u007F", "\u0085", "\u00A0", "\u00E9", "\u200B", "\u2028", "\uFEFF", "\uFFFD", "\u4E2D", "\U0001F600", "e\u0301")));

    /// <summary>A name or value as it may appear on the wire, from the canonical encoding to the broken ones.</summary>
    public static Gen<string> Spelling(string text) => Gen.Frequency(
        (6, Gen.Constant(Signatures.PercentEncoding.Encode(text))),
        (1, Gen.Constant(Uri.EscapeDataString(text).ToLowerInvariant())),
        (1, Gen.Constant(Signatures.PercentEncoding.Encode(text).Replace("%20", "+", StringComparison.Ordinal))),
        (1, Gen.Elements("%", "%4", "%zz", "%C3", "%C3%28", "%FF", "%ED%A0%80", "%00", "%25%").Select(bad => Signatures.PercentEncoding.Encode(text) + bad)),
        (1, Gen.Constant(Raw(text))));

    /// <summary>Unescaped, as a sloppy client sends it (only what keeps the request line valid HTTP).</summary>
    private static string Raw(string text) =>
        string.Concat(text.EnumerateRunes().Select(r => r.Value is > ' ' and < 0x7F and not '#' ? r.ToString() : Uri.EscapeDataString(r.ToString())));
}
