using Microsoft.Azure.Functions.Worker;
using TokenService.Disconnects;

namespace TokenService.Functions;

/// <summary>
/// Every 5 seconds, the disconnect sweep (docs/brokers.md, "Disconnects"): revocations whose
/// connections the committing instance has not closed within 10 s (it was recycled, or the broker's
/// API was down) are carried out here, and RabbitMQ connections whose token expired are closed. The
/// host's timer holds a singleton lock, so one instance of a scaled-out app sweeps at a time; the
/// prompt path after each RevokeToken runs on every instance.
/// </summary>
public sealed class SweepDisconnectsFunction(DisconnectSweeper sweeper, ILogger<SweepDisconnectsFunction> logger)
{
    public const string Name = "SweepDisconnects";
    public const string Schedule = "*/5 * * * * *";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await sweeper.SweepAsync(cancellationToken);
        if (report.RevocationsTakenOver + report.ExpiredClosed > 0)
        {
            logger.LogInformation("Took over {Revocations} pending disconnects and closed {Expired} connections of expired tokens",
                report.RevocationsTakenOver, report.ExpiredClosed);
        }
    }
}
