using System.Globalization;

namespace TokenService.Signatures;

/// <summary>The UTC timestamp format both schemes use: <c>yyyy-MM-ddTHH:mm:ssZ</c> (milliseconds tolerated).</summary>
public static class Timestamps
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"];

    public static bool TryParse(string value, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(value, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static bool WithinWindow(DateTimeOffset timestamp, DateTimeOffset now) =>
        (timestamp - now).Duration() <= Window;
}
