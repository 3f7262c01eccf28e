using System.Globalization;
using TokenService.Rpc;

namespace TokenService.Operations;

/// <summary>
/// ApplyToken's <c>ExpireTime</c>: an absolute Unix time in milliseconds, at least
/// <see cref="MinimumLead"/> ahead; anything later than <see cref="MaximumLifetime"/> is cut to it.
/// A value in seconds reads as a date in 1970 and is refused as too early, which is the point.
/// </summary>
internal static class ExpireTime
{
    public static readonly TimeSpan MinimumLead = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(30);

    public static ApiError? Parse(string? value, DateTimeOffset now, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (string.IsNullOrEmpty(value))
        {
            return ErrorCatalog.InvalidParameter("ExpireTime", "ExpireTime is mandatory for this action.");
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return ErrorCatalog.InvalidParameter("ExpireTime", "ExpireTime must be a Unix time in milliseconds.");
        }

        var requested = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        if (requested < now + MinimumLead)
        {
            return ErrorCatalog.InvalidParameter("ExpireTime",
                $"ExpireTime must be at least {MinimumLead.TotalSeconds:0} seconds ahead, in milliseconds since 1970-01-01T00:00:00Z.");
        }

        expiresAt = requested > now + MaximumLifetime ? now + MaximumLifetime : requested;
        return null;
    }
}
