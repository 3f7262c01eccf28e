using Microsoft.Extensions.Configuration;

namespace TokenService.Telemetry;

/// <summary>
/// Where telemetry goes, read from the standard settings: Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, an OTLP endpoint when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the console when <c>OTEL_EXPORTER_CONSOLE=true</c>.
/// Any combination; none means no telemetry at all.
/// </summary>
internal sealed record TelemetryExports(string? AzureMonitorConnectionString, bool Otlp, bool Console)
{
    public const string AzureMonitorConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ConsoleSetting = "OTEL_EXPORTER_CONSOLE";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    public bool Any => AzureMonitorConnectionString is not null || Otlp || Console;

    public static TelemetryExports From(IConfiguration configuration) => new(
        NullIfBlank(configuration[AzureMonitorConnectionStringSetting]),
        NullIfBlank(configuration[OtlpEndpointSetting]) is not null,
        bool.TryParse(configuration[ConsoleSetting], out var console) && console);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
