using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TokenService.Disconnects;

/// <summary>
/// The standalone server's sweep: every <see cref="DisconnectOptions.SweepSeconds"/>, from the start
/// (so disconnects left pending by a process that died are carried out after a restart). The
/// function app runs the same sweep from a timer instead, which the host runs on one instance at a time.
/// </summary>
internal sealed partial class DisconnectSweepLoop(
    DisconnectSweeper sweeper,
    ConnectionClosers closers,
    IOptions<DisconnectOptions> options,
    TimeProvider clock,
    ILogger<DisconnectSweepLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!closers.AnyConfigured)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds), clock);
        do
        {
            try
            {
                var report = await sweeper.SweepAsync(stoppingToken);
                if (report.RevocationsTakenOver > 0)
                {
                    LogTakenOver(report.RevocationsTakenOver);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e.GetType().Name, e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The sweep took over {Count} pending disconnects")]
    private partial void LogTakenOver(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The disconnect sweep failed ({Failure}: {Message}); tried again at the next one")]
    private partial void LogSweepFailed(string failure, string message);
}
