using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// The telemetry tests listen to the service's process-wide ActivitySource and Meter, which
/// every in-process call of any test would feed: they run alone, after the parallel collections,
/// with an Azurite of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryGroup : ICollectionFixture<StoreFixture>
{
    public const string Name = "telemetry";
}
