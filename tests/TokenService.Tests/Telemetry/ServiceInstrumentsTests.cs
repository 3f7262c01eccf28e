using System.Diagnostics;
using System.Diagnostics.Metrics;
using TokenService.Telemetry;

namespace TokenService.Tests.Telemetry;

/// <summary>Instruments nothing else in this test assembly records (broker, purge), read with a <see cref="MeterListener"/>.</summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServiceInstrumentsTests : IDisposable
{
    private const string Name = "service instruments";

    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public ServiceInstrumentsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServiceTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void PurgeCountsTheRowsRemovedByKindAndSkipsKindsWithNone()
    {
        PurgeMetrics.Record(nonces: 2, revocations: 0, indexEntries: 5);

        var rows = Of("tokenservice.purge.rows_removed");
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, Assert.Single(rows, m => (string?)m.Tags[TelemetryTags.PurgeKind] == "nonce").Value);
        Assert.Equal(5, Assert.Single(rows, m => (string?)m.Tags[TelemetryTags.PurgeKind] == "index").Value);
    }

    [Fact]
    public void RevocationToDisconnectIsRecordedInSecondsAndOnTheCurrentSpan()
    {
        using var source = new ActivitySource("test.broker");
        using var spans = new ActivityListener { ShouldListenTo = s => s.Name == "test.broker", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(spans);
        using var span = source.StartActivity("session closed");

        BrokerMetrics.RecordRevocationToDisconnect("emqx", TimeSpan.FromMilliseconds(1500));
        BrokerMetrics.RecordDecision("emqx", "deny");
        BrokerMetrics.RecordSessionClosed("emqx", "revoked");

        var duration = Assert.Single(Of("tokenservice.revocation.disconnect.duration"));
        Assert.Equal(1.5, duration.Value);
        Assert.Equal("emqx", duration.Tags[TelemetryTags.Broker]);
        Assert.Equal(1.5, span!.GetTagItem(TelemetryTags.RevocationToDisconnectSeconds));
        Assert.Equal("deny", Assert.Single(Of("tokenservice.broker.decisions")).Tags[TelemetryTags.BrokerResult]);
        Assert.Equal("revoked", Assert.Single(Of("tokenservice.sessions.closed")).Tags[TelemetryTags.SessionCloseReason]);
    }

    public void Dispose() => _listener.Dispose();

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string instrument)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == instrument)];
        }
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
