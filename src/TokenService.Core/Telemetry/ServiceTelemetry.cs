using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenService.Telemetry;

/// <summary>
/// The service's own <see cref="ActivitySource"/> and <see cref="Meter"/>, under one name that
/// the exporters subscribe to. Both are process-wide, as the .NET guidance recommends: with no
/// listener (telemetry not configured), <c>StartActivity</c> returns null and an instrument's
/// <c>Add</c>/<c>Record</c> return at once, so the request path pays almost nothing.
/// </summary>
public static class ServiceTelemetry
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string Name = "TokenService";

    private static readonly string? Version = typeof(ServiceTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);
}
