using Microsoft.AspNetCore.Http.Features;
using TokenService.Telemetry;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// Names the host's HTTP server span (when the ASP.NET Core instrumentation records one) after
/// the action and gives it the call's Code and RequestId: in Application Insights the request is
/// then "RevokeToken", not "POST /", and the queries of the README work on requests directly.
/// </summary>
public static class ServerSpan
{
    public static void Describe(HttpContext http, string action, string code, string requestId)
    {
        if (http.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } activity
            || activity.Source == ServiceTelemetry.Source)
        {
            return;
        }

        activity.DisplayName = action;
        activity.SetTag(TelemetryTags.Action, action);
        activity.SetTag(TelemetryTags.Code, code);
        activity.SetTag(TelemetryTags.RequestId, requestId);
    }
}
