namespace FunctionsHostHarness.Http;

/// <summary>
/// As the host's RetryProxyHandler: a request the worker's listener refuses (it may not be
/// listening yet right after start-up) is retried up to 10 times, 50 ms apart doubling to 250 ms.
/// </summary>
public sealed class WorkerRetryHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxAttempts = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var delay = 50;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken);
                delay = Math.Min(delay * 2, 250);
            }
        }
    }
}
