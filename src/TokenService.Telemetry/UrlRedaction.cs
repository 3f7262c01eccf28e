using System.Diagnostics;

namespace TokenService.Telemetry;

/// <summary>
/// Drops the query string from the HTTP spans: signature version 1.0 carries <c>Signature=</c>,
/// <c>SecurityToken=</c> and the business <c>Token=</c> in the query of a GET, and no exported span
/// may hold them, not even under the instrumentation's own redaction of values.
/// </summary>
internal static class UrlRedaction
{
    public static void DropQuery(Activity activity)
    {
        activity.SetTag("url.query", null);
        if (activity.GetTagItem("url.full") is string full && full.IndexOf('?', StringComparison.Ordinal) is var at and >= 0)
        {
            activity.SetTag("url.full", full[..at]);
        }
    }
}
