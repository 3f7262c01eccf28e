using System.Net;
using Microsoft.Extensions.Options;
using TokenService.Brokers;

namespace TokenService.Disconnects;

/// <summary>
/// Kicks clients on EMQX 5 through its REST API (<c>DELETE /api/v5/clients/{clientid}</c>, an API
/// key as basic authentication). EMQX keeps one connection per client id and registers it at
/// CONNECT, so there is no listing delay: 204 is closed, 404 is gone.
/// </summary>
internal sealed class EmqxClientKicker : IConnectionCloser, IDisposable
{
    private const int ParallelKicks = 16;

    private readonly HttpClient? _http;

    public EmqxClientKicker(IOptions<BrokerOptions> brokers, IOptions<DisconnectOptions> disconnects)
    {
        var options = brokers.Value.Emqx;
        if (options.CanKickClients)
        {
            _http = BrokerApiClient.Create(options.ApiUrl!, options.ApiKey!, options.ApiSecret!, TimeSpan.FromSeconds(disconnects.Value.RequestTimeoutSeconds));
        }
    }

    public string Broker => BrokerNames.Emqx;

    public bool IsConfigured => _http is not null;

    public bool ClosesAtExpiry => false;

    public async Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> CloseAsync(
        IReadOnlyCollection<SessionTarget> targets, string reason, CancellationToken cancellationToken)
    {
        var http = _http ?? throw new InvalidOperationException("The EMQX API is not configured.");
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<SessionTarget, CloseOutcome>();
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = ParallelKicks, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                using var response = await http.DeleteAsync("api/v5/clients/" + Uri.EscapeDataString(target.ClientId), ct);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    BrokerApiClient.EnsureAnswered(response, "the EMQX API's client kickout");
                }

                outcomes[target] = response.StatusCode == HttpStatusCode.NotFound ? CloseOutcome.Gone : CloseOutcome.Closed;
            });
        return outcomes;
    }

    public void Dispose() => _http?.Dispose();
}
