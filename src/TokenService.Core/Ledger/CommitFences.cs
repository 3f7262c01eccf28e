using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TokenService.Telemetry;

namespace TokenService.Ledger;

/// <summary>
/// Runs <see cref="CommitFence"/> in the background for each call answered with an error while its
/// commit was unknown, so the answer never waits for it: tries again with backoff (0.2 s doubling,
/// at most 5 s apart) until the store answers, for at most <see cref="GiveUpAfter"/>, then logs
/// the call as abandoned. A singleton and a hosted service of both hosts (registered with the
/// ledger); at shutdown it gives running fences a few seconds, then stops them.
/// </summary>
internal class CommitFences(CommitFence fence, ILogger<CommitFences> logger) : IHostedService, IDisposable
{
    /// <summary>Longer than any store pause the service is meant to ride out, shorter than a nonce's 31 minutes.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Starts settling <paramref name="commit"/> and returns at once; the task ends with the outcome, or null when given up.</summary>
    public virtual Task<FenceOutcome?> Start(UnsettledCommit commit)
    {
        var run = RunDetached(() => SettleAsync(commit));
        _running.TryAdd(run, 0);
        _ = run.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return run;
    }

    /// <summary>
    /// Not in the call's execution context: the fence outlives the call, its storage spans are not
    /// the call's children, and its log lines name the RequestId themselves.
    /// </summary>
    private static Task<T> RunDetached<T>(Func<Task<T>> work)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            return Task.Run(work);
        }

        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(work);
        }
    }

    private async Task<FenceOutcome?> SettleAsync(UnsettledCommit commit)
    {
        var watch = Stopwatch.StartNew();
        var delay = FirstDelay;
        for (var tries = 1; ; tries++)
        {
            try
            {
                var outcome = await fence.SettleAsync(commit, _stopping.Token);
                FenceMetrics.Record(outcome.ToString());
                logger.LogInformation("Commit of {RequestId} on {AccountId}, answered with an error, settled: {FenceOutcome} after {Tries} tries, {Seconds:F1} s",
                    commit.RequestId, commit.AccountId, outcome, tries, watch.Elapsed.TotalSeconds);
                return outcome;
            }
            catch (Exception e) when (watch.Elapsed + delay < GiveUpAfter && !_stopping.IsCancellationRequested)
            {
                // The exception's type only: the store's messages are not needed to retry.
                logger.LogDebug("Settling the commit of {RequestId} failed ({Error}); next try in {Delay}", commit.RequestId, e.GetType().Name, delay);
                try
                {
                    await Task.Delay(delay, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    // Shutting down: the next try fails fast and the call is logged as given up.
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
            catch (Exception e)
            {
                FenceMetrics.Record(FenceMetrics.Abandoned);
                logger.LogError("Gave up settling the commit of {RequestId} on {AccountId} after {Tries} tries, {Seconds:F0} s ({Error}): if it landed, its usage slot and records stay",
                    commit.RequestId, commit.AccountId, tries, watch.Elapsed.TotalSeconds, e.GetType().Name);
                return null;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(ShutdownGrace, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("{Count} commits still being settled at shutdown", _running.Count);
        }
        finally
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
