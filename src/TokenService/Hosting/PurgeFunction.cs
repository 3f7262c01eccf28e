using System.Text.Json;
using TokenService.Ledger;

namespace TokenService.Hosting;

/// <summary>
/// The timer-triggered function <c>PurgeExpired</c> (see <c>PurgeExpired/function.json</c>): the
/// Functions host POSTs <c>/PurgeExpired</c> with <c>{Data, Metadata}</c> and expects
/// <c>{Outputs, Logs, ReturnValue}</c>. The route is reachable through the HTTP function's
/// catch-all proxy too, so it is built to be harmless: it reads nothing from the request, removes
/// only what has expired by the server's clock, runs once at a time per process, and a call
/// within <see cref="MinimumInterval"/> of the last run returns at once without work.
/// </summary>
public static class PurgeFunction
{
    public const string Name = "PurgeExpired";
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DateTimeOffset _lastRun = DateTimeOffset.MinValue;

    public static IEndpointRouteBuilder MapPurgeFunction(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/" + Name, (RequestDelegate)HandleAsync);
        return routes;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var logs = new List<string>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        if (await Gate.WaitAsync(0) is false)
        {
            logs.Add("a purge is already running in this instance");
        }
        else
        {
            try
            {
                if (clock.GetUtcNow() - _lastRun < MinimumInterval)
                {
                    logs.Add("skipped: the last purge ran less than a minute ago");
                }
                else
                {
                    var report = await http.RequestServices.GetRequiredService<ExpiryPurger>().PurgeAsync(cancellationToken: http.RequestAborted);
                    _lastRun = clock.GetUtcNow();
                    logs.Add($"purged {report.Nonces} nonces and {report.Revocations} revocation records in {report.Accounts} accounts");
                    http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PurgeFunction))
                        .LogInformation("Purged {Nonces} nonces and {Revocations} revocations in {Accounts} accounts", report.Nonces, report.Revocations, report.Accounts);
                }
            }
            finally
            {
                Gate.Release();
            }
        }

        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        logs.ForEach(writer.WriteStringValue);
        writer.WriteEndArray();
        writer.WriteNull("ReturnValue");
        writer.WriteEndObject();
    }
}
