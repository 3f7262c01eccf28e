using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenService.Telemetry;

namespace TokenService.Disconnects;

/// <summary>
/// The prompt path of disconnects, in every service process: RevokeToken hands its intent over
/// right after the commit (never waiting for a broker), and one reader carries out everything
/// queued at that moment as one batch, so a burst of revocations costs one connection listing per
/// broker, not one per token. What is not done yet is tried again in this process: soon when a
/// connection is merely not listed yet, with backoff when the broker failed. The intent is durable
/// in the ledger, so nothing here needs to survive the process: the sweep takes over.
/// </summary>
internal sealed partial class DisconnectDispatcher(
    RevocationDisconnector disconnector,
    IOptions<DisconnectOptions> options,
    TimeProvider clock,
    ILogger<DisconnectDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(250);

    // Batches run side by side (each holds distinct intents), so that a burst is not served one
    // batch's storage round trips and broker requests after another.
    private const int ConcurrentBatches = 4;

    private readonly SemaphoreSlim _batches = new(ConcurrentBatches);

    private readonly Channel<DisconnectIntent> _queue = Channel.CreateUnbounded<DisconnectIntent>(new UnboundedChannelOptions { SingleReader = true });

    // Intents this process holds (queued, running or waiting for a retry), with their failed tries.
    private readonly ConcurrentDictionary<(string AccountId, string RowKey), int> _held = new();

    /// <summary>Queues an intent unless this process already holds it; true when queued.</summary>
    public bool Enqueue(DisconnectIntent intent) =>
        _held.TryAdd((intent.AccountId, intent.RowKey), 0) && _queue.Writer.TryWrite(intent);

    /// <summary>How many intents this process holds: queued, running, or waiting to be tried again.</summary>
    public int Held => _held.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await _batches.WaitAsync(stoppingToken);
                var batch = new List<DisconnectIntent>();
                while (reader.TryRead(out var intent))
                {
                    batch.Add(intent);
                }

                _ = RunReleasingAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is held stays in the ledger for the sweep.
        }

        // The running batches see the same token and end quickly; they are awaited (every slot taken
        // back) so that none still runs when the host disposes this service and its semaphore.
        for (var slot = 0; slot < ConcurrentBatches; slot++)
        {
            await _batches.WaitAsync(CancellationToken.None);
        }
    }

    private async Task RunReleasingAsync(List<DisconnectIntent> batch, CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the batch stays in the ledger for the sweep.
        }
        finally
        {
            _batches.Release();
        }
    }

    public override void Dispose()
    {
        _batches.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(List<DisconnectIntent> batch, CancellationToken stoppingToken)
    {
        IReadOnlyList<(DisconnectIntent Intent, PendingReason Reason)> pending;
        using var span = ServiceTelemetry.Source.StartActivity("Disconnects");
        span?.SetTag("tokenservice.disconnects.batch", batch.Count);
        try
        {
            pending = await disconnector.ProcessAsync(batch, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Storage failed (or anything else): every intent of the batch is tried again, with backoff.
            LogBatchFailed(batch.Count, e.GetType().Name);
            pending = batch.Select(i => (i, PendingReason.BrokerFailed)).ToList();
        }

        var still = pending.Select(p => (p.Intent.AccountId, p.Intent.RowKey)).ToHashSet();
        foreach (var intent in batch.Where(i => !still.Contains((i.AccountId, i.RowKey))))
        {
            _held.TryRemove((intent.AccountId, intent.RowKey), out _);
        }

        foreach (var (intent, reason) in pending)
        {
            var tries = _held.AddOrUpdate((intent.AccountId, intent.RowKey), 1, (_, n) => reason == PendingReason.BrokerFailed ? n + 1 : n);
            var delay = reason == PendingReason.NotListedYet ? LookAgain : Backoff(tries);
            _ = RequeueAfterAsync(intent, delay, stoppingToken);
        }
    }

    /// <summary>0.5 s, 1 s, 2 s, ... up to <see cref="DisconnectOptions.MaxRetrySeconds"/>.</summary>
    private TimeSpan Backoff(int tries) =>
        TimeSpan.FromSeconds(Math.Min(options.Value.MaxRetrySeconds, 0.25 * Math.Pow(2, Math.Min(tries, 16))));

    private async Task RequeueAfterAsync(DisconnectIntent intent, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken);
            _queue.Writer.TryWrite(intent);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} pending disconnects could not be carried out ({Failure}); tried again later")]
    private partial void LogBatchFailed(int count, string failure);
}
