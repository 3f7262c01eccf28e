using System.Diagnostics;
using TokenService.Rpc;

namespace TokenService.Telemetry;

/// <summary>
/// One RPC call's span and measurements: started when the gateway has a RequestId, stopped with
/// the answer's Code. The span is named after the action, carries Action, Code, InstanceId and
/// RequestId, and is the parent of the call's storage requests. Without a listener there is no
/// span and stopping only records two instrument values.
/// </summary>
public readonly struct CallTelemetry
{
    private readonly long _started;

    private CallTelemetry(Activity? activity, long started)
    {
        Activity = activity;
        _started = started;
    }

    /// <summary>The call's span, or null when nobody listens.</summary>
    public Activity? Activity { get; }

    public static CallTelemetry Start(string requestId)
    {
        var activity = ServiceTelemetry.Source.StartActivity("Rpc", ActivityKind.Internal);
        activity?.SetTag(TelemetryTags.RequestId, requestId);
        return new CallTelemetry(activity, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Tags the current call's span with the InstanceId the call was validated for. Called from
    /// the pipeline, which knows it only after validation.
    /// </summary>
    public static void TagInstance(string instanceId)
    {
        if (System.Diagnostics.Activity.Current is { } current && current.Source == ServiceTelemetry.Source && current.IsAllDataRequested)
        {
            current.SetTag(TelemetryTags.InstanceId, instanceId);
        }
    }

    /// <summary>Stops with the error answered (null: a success); <c>action</c> is bounded (see <see cref="TelemetryTags.OtherAction"/>).</summary>
    public void Stop(string action, ApiError? error, int httpStatus) => Stop(action, error?.Code ?? TelemetryTags.SuccessCode, httpStatus);

    public void Stop(string action, string code, int httpStatus)
    {
        CallMetrics.RecordCall(action, code, httpStatus, Stopwatch.GetElapsedTime(_started));
        if (Activity is not { } activity)
        {
            return;
        }

        activity.DisplayName = action;
        activity.SetTag(TelemetryTags.Action, action);
        activity.SetTag(TelemetryTags.Code, code);
        activity.SetTag(TelemetryTags.HttpStatus, httpStatus);
        if (httpStatus >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error, code);
        }

        activity.Dispose();
    }
}
