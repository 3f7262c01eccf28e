using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TokenService.Telemetry;

public static class TokenServiceSignals
{
    /// <summary>
    /// OpenTelemetry with what the service emits and no exporter: its own ActivitySource and Meter,
    /// the ASP.NET Core and HttpClient instrumentation (query strings dropped), and logs with their
    /// scopes (the RequestId). <see cref="TelemetryServiceCollectionExtensions.AddTokenServiceTelemetry"/>
    /// adds the exporters; tests add in-memory ones.
    /// </summary>
    public static IOpenTelemetryBuilder AddTokenServiceSignals(this IServiceCollection services)
    {
        // ASP.NET Core logs every request's URL, query string included, at Information: the
        // exported logs take only its warnings and errors (the standalone server's console does the same).
        services.AddLogging(logging => logging.AddFilter<OpenTelemetryLoggerProvider>("Microsoft.AspNetCore", LogLevel.Warning));
        return services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(ServiceTelemetry.Name)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.EnrichWithHttpRequest = (activity, _) => UrlRedaction.DropQuery(activity);
                    options.EnrichWithHttpResponse = (activity, _) =>
                    {
                        UrlRedaction.DropQuery(activity);
                        // The instrumentation names the span after the route ("POST /") when it
                        // stops; the gateway tagged it with the action, which names it better.
                        if (activity.GetTagItem(TelemetryTags.Action) is string action)
                        {
                            activity.DisplayName = action;
                        }
                    };
                })
                .AddHttpClientInstrumentation(options =>
                {
                    // Azure SDK requests (they carry x-ms-client-request-id) are traced, with a
                    // table and a kind instead of a URL, by the storage pipeline policy.
                    options.FilterHttpRequestMessage = request => !request.Headers.Contains("x-ms-client-request-id");
                    options.EnrichWithHttpRequestMessage = (activity, _) => UrlRedaction.DropQuery(activity);
                    options.EnrichWithHttpResponseMessage = (activity, _) => UrlRedaction.DropQuery(activity);
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(ServiceTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: options =>
            {
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
            });
    }
}
