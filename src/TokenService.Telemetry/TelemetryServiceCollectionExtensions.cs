using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TokenService.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Resource service.name when <c>OTEL_SERVICE_NAME</c> does not say otherwise.</summary>
    public const string DefaultServiceName = "mqtt-token-service";

    /// <summary>
    /// Traces, metrics and logs to wherever <see cref="TelemetryExports"/> says: Application
    /// Insights through Entra ID, an OTLP endpoint (every standard <c>OTEL_*</c> variable applies:
    /// protocol, headers, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, <c>OTEL_BSP_*</c> delays,
    /// <c>OTEL_SERVICE_NAME</c>), the console. With none configured, nothing is registered: no
    /// listener exists and the request path pays nothing. <paramref name="hostDefaults"/> is the
    /// host's own part (the function app's resource detector), applied only when telemetry is on.
    /// </summary>
    public static IServiceCollection AddTokenServiceTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? hostDefaults = null)
    {
        var exports = TelemetryExports.From(configuration);
        if (!exports.Any)
        {
            return services;
        }

        var telemetry = services.AddTokenServiceSignals();
        if (string.IsNullOrWhiteSpace(configuration[TelemetryExports.ServiceNameSetting]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(DefaultServiceName));
        }

        hostDefaults?.Invoke(telemetry);

        if (exports.AzureMonitorConnectionString is { } connectionString)
        {
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = AzureMonitorCredential.From(configuration);
            });
        }

        if (exports.Otlp)
        {
            // Reads OTEL_EXPORTER_OTLP_* from the configuration (environment variables included).
            telemetry.UseOtlpExporter();
        }

        if (exports.Console)
        {
            telemetry
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logging => logging.AddConsoleExporter());
        }

        return services;
    }
}
