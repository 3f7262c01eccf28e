using System.Diagnostics;
using System.Text.Json;
using FunctionsHostHarness.Protocol;
using FunctionsHostHarness.Protocol.Messages;

namespace FunctionsHostHarness.Http;

/// <summary>
/// <c>POST /admin/functions/{name}</c> with an optional <c>{"input": "..."}</c> body: runs a
/// non-HTTP function once, as the host's admin endpoint does (a timer function gets a TimerInfo).
/// Unlike the host, which answers 202 at once and needs the master key, the harness (loopback,
/// tests only) waits for the InvocationResponse and answers it: 200 on success, 500 on failure,
/// as <c>{"name", "invocationId", "status", "durationMs", "error"}</c>.
/// </summary>
public sealed class AdminEndpoint(WorkerChannel channel, Task<LoadedApp> app, TimeSpan functionTimeout)
{
    public const string Route = "/admin/functions/{name}";

    public async Task<IResult> InvokeAsync(string name, HttpContext context)
    {
        var function = (await app.WaitAsync(context.RequestAborted)).Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return Results.NotFound();
        }

        if (function.IsHttp)
        {
            return Results.BadRequest($"{function.Name} is HTTP-triggered: call its route instead");
        }

        var input = await InputAsync(context.Request);
        var invocationId = Guid.NewGuid().ToString();
        var request = string.Equals(function.Trigger.Type, "timerTrigger", StringComparison.OrdinalIgnoreCase)
            ? Invocations.Timer(function, invocationId)
            : Invocations.Manual(function, invocationId, input ?? "");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(functionTimeout);
        var started = Stopwatch.GetTimestamp();
        var response = await channel.InvokeAsync(request, timeout.Token);
        var ok = response.Result?.Status == StatusResult.Types.Status.Success;
        return Results.Json(
            new AdminResult(function.Name, invocationId, (response.Result?.Status ?? StatusResult.Types.Status.Failure).ToString(), Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.Result?.Exception?.Message),
            statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }

    private static async Task<string?> InputAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 or null && request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        using var document = await JsonDocument.ParseAsync(request.Body);
        return document.RootElement.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String ? input.GetString() : null;
    }

    private sealed record AdminResult(string Name, string InvocationId, string Status, double DurationMs, string? Error);
}
