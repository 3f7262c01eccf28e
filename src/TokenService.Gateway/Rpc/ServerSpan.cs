using Microsoft.AspNetCore.Http.Features;
using TokenService.Telemetry;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// Gives the host's HTTP server span (when the ASP.NET Core instrumentation records one) the
/// call's Action, Code and RequestId; the telemetry wiring then names it after the action. In
/// Application Insights the request is "RevokeToken", not "POST /", and the README's queries work
/// on requests directly.
/// </summary>
internal static class ServerSpan
{
    public static void Describe(HttpContext http, string action, string code, string requestId)
    {
        if (http.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } activity
            || activity.Source == ServiceTelemetry.Source)
        {
            return;
        }

        activity.SetTag(TelemetryTags.Action, action);
        activity.SetTag(TelemetryTags.Code, code);
        activity.SetTag(TelemetryTags.RequestId, requestId);
    }
}
