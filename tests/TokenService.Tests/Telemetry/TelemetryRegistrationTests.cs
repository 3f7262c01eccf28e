using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TokenService.Telemetry;

namespace TokenService.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    [Fact]
    public void NothingIsRegisteredWhenNoExporterIsConfigured()
    {
        var services = Register(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "x", [TelemetryExports.ConsoleSetting] = "false" });

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
        Assert.DoesNotContain(services, d => d.ServiceType.Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData(TelemetryExports.OtlpEndpointSetting, "http://127.0.0.1:4318")]
    [InlineData(TelemetryExports.ConsoleSetting, "true")]
    [InlineData(TelemetryExports.AzureMonitorConnectionStringSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/")]
    public void AnyConfiguredExporterRegistersTracesAndMetrics(string setting, string value)
    {
        var services = Register(new Dictionary<string, string?> { [setting] = value });

        Assert.Contains(services, d => d.ServiceType == typeof(TracerProvider));
        Assert.Contains(services, d => d.ServiceType == typeof(MeterProvider));
    }

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", "11111111-2222-3333-4444-555555555555")]
    [InlineData("Authorization=AAD ; clientid=abc", "abc")]
    [InlineData("Authorization=AAD", null)]
    [InlineData("ClientId=;Authorization=AAD", null)]
    [InlineData(null, null)]
    public void AuthenticationStringNamesTheManagedIdentity(string? authentication, string? clientId) =>
        Assert.Equal(clientId, AzureMonitorCredential.ClientIdOf(authentication));

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddTokenServiceTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
