namespace TokenService.Bench.Processes;

/// <summary>Samples a process's resident set every 100 ms and keeps the largest value seen.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _max;

    public RssSampler(int pid)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                do
                {
                    if (ProcFs.StatusBytes(pid, "VmRSS") is { } rss && rss > Interlocked.Read(ref _max))
                    {
                        Interlocked.Exchange(ref _max, rss);
                    }
                }
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public long MaxBytes => Interlocked.Read(ref _max);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
