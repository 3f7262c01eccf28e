using System.Globalization;
using System.Text.Json;
using FunctionsHostHarness.Functions;
using FunctionsHostHarness.Protocol.Messages;
using Microsoft.AspNetCore.Routing;

namespace FunctionsHostHarness.Protocol;

/// <summary>
/// InvocationRequests as the host builds them (ToRpcInvocationRequest): the trigger's input and
/// the trigger's binding data as trigger metadata, with the <c>sys</c> entry every invocation has.
/// </summary>
public static class Invocations
{
    /// <summary>
    /// An HTTP invocation for a worker that proxies HTTP (it advertised HttpUri): the request itself
    /// travels over HTTP, so the host sends an empty RpcHttp as the trigger's input; the worker also
    /// advertises RpcHttpTriggerMetadataRemoved, so the request is not repeated in the metadata,
    /// only the route values, Query and Headers.
    /// </summary>
    public static InvocationRequest Http(LoadedFunction function, string invocationId, HttpRequest request, RouteValueDictionary routeValues)
    {
        var invocation = New(function, invocationId);
        invocation.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Http = new RpcHttp() } });
        foreach (var (name, value) in routeValues)
        {
            invocation.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" };
        }

        invocation.TriggerMetadata["Query"] = Json(request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
        invocation.TriggerMetadata["Headers"] = Json(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.Ordinal));
        return invocation;
    }

    /// <summary>
    /// A timer invocation run from the admin endpoint: the host's manual run of a timer function
    /// passes a TimerInfo with the function's schedule, no schedule status and IsPastDue false.
    /// </summary>
    public static InvocationRequest Timer(LoadedFunction function, string invocationId)
    {
        var invocation = New(function, invocationId);
        var timerInfo = Json(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Schedule"] = new Dictionary<string, object> { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = null,
            ["IsPastDue"] = false,
        });
        invocation.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = timerInfo });
        invocation.TriggerMetadata[function.Trigger.Name] = timerInfo;
        return invocation;
    }

    /// <summary>Any other trigger run from the admin endpoint: its "input" string as the trigger's value.</summary>
    public static InvocationRequest Manual(LoadedFunction function, string invocationId, string input)
    {
        var invocation = New(function, invocationId);
        invocation.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { String = input } });
        return invocation;
    }

    private static InvocationRequest New(LoadedFunction function, string invocationId)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = "", TraceState = "" },
        };
        invocation.TriggerMetadata["sys"] = Json(new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["MethodName"] = function.Name,
            ["UtcNow"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        });
        return invocation;
    }

    private static TypedData Json<T>(T value) => new() { Json = JsonSerializer.Serialize(value) };
}
