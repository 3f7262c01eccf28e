using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TokenService.Brokers;

namespace TokenService.Disconnects;

/// <summary>
/// Closes MQTT connections on RabbitMQ through its management API: one listing of the vhost's
/// connections serves a whole batch of targets, then <c>DELETE /api/connections/{name}</c> per
/// connection. A connection is the target's when its MQTT client id and its user both match.
/// Two traits of RabbitMQ 3.10 shape this (docs/brokers.md): a new connection is listed only after
/// its first statistics emission, so a young session that is not listed yet is looked for again;
/// and a listing holds the key <c>client_properties</c> twice in one object (an empty one, then the
/// MQTT one), so the client id is taken from whichever holds it, or from <c>variable_map</c>.
/// </summary>
internal sealed class RabbitMqConnectionCloser : IConnectionCloser, IDisposable
{
    private const int ParallelDeletes = 32;

    private readonly RabbitMqOptions _options;
    private readonly TimeProvider _clock;
    private readonly HttpClient? _http;

    public RabbitMqConnectionCloser(IOptions<BrokerOptions> brokers, IOptions<DisconnectOptions> disconnects, TimeProvider clock)
    {
        _options = brokers.Value.RabbitMq;
        _clock = clock;
        if (_options.CanCloseConnections)
        {
            _http = BrokerApiClient.Create(_options.ManagementUrl!, _options.AdminUsername!, _options.AdminPassword!,
                TimeSpan.FromSeconds(disconnects.Value.RequestTimeoutSeconds));
        }
    }

    public string Broker => BrokerNames.RabbitMq;

    public bool IsConfigured => _http is not null;

    public bool ClosesAtExpiry => true;

    public async Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> CloseAsync(
        IReadOnlyCollection<SessionTarget> targets, string reason, CancellationToken cancellationToken)
    {
        var http = _http ?? throw new InvalidOperationException("The RabbitMQ management API is not configured.");
        var listed = await ListConnectionsAsync(http, cancellationToken);
        var lag = TimeSpan.FromSeconds(_options.StatisticsLagSeconds);
        var now = _clock.GetUtcNow();
        var outcomes = new Dictionary<SessionTarget, CloseOutcome>();
        var deletes = new List<(SessionTarget Target, string Name)>();
        foreach (var target in targets)
        {
            var names = listed.Where(c => c.ClientId == target.ClientId && c.User == target.Username).Select(c => c.Name).ToList();
            if (names.Count == 0)
            {
                outcomes[target] = now - target.ConnectedAt < lag ? CloseOutcome.NotListedYet : CloseOutcome.Gone;
            }

            deletes.AddRange(names.Select(name => (target, name)));
        }

        var closed = new System.Collections.Concurrent.ConcurrentDictionary<SessionTarget, CloseOutcome>();
        await Parallel.ForEachAsync(deletes, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (delete, ct) =>
            {
                var outcome = await DeleteAsync(http, delete.Name, reason, ct);
                closed.AddOrUpdate(delete.Target, outcome, (_, earlier) => earlier == CloseOutcome.Closed ? earlier : outcome);
            });
        foreach (var (target, outcome) in closed)
        {
            outcomes[target] = outcome;
        }

        return outcomes;
    }

    private async Task<List<ListedConnection>> ListConnectionsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var path = $"api/vhosts/{Uri.EscapeDataString(_options.VirtualHost)}/connections?columns=name,user,client_properties,variable_map";
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        BrokerApiClient.EnsureAnswered(response, "the RabbitMQ management API's connection listing");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var listing = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return ParseListing(listing.RootElement);
    }

    /// <summary>The connections of a listing; exposed for the tests of the duplicated key.</summary>
    internal static List<ListedConnection> ParseListing(JsonElement root)
    {
        var connections = new List<ListedConnection>();
        if (root.ValueKind != JsonValueKind.Array)
        {
            return connections;
        }

        foreach (var item in root.EnumerateArray())
        {
            string? name = null, user = null, clientId = null;
            foreach (var property in item.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "name" when property.Value.ValueKind == JsonValueKind.String:
                        name = property.Value.GetString();
                        break;
                    case "user" when property.Value.ValueKind == JsonValueKind.String:
                        user = property.Value.GetString();
                        break;
                    case "client_properties" or "variable_map":
                        clientId ??= ClientIdIn(property.Value);
                        break;
                }
            }

            if (name is not null && user is not null && clientId is not null)
            {
                connections.Add(new ListedConnection(name, user, clientId));
            }
        }

        return connections;
    }

    private static string? ClientIdIn(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("client_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static async Task<CloseOutcome> DeleteAsync(HttpClient http, string name, string reason, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "api/connections/" + Uri.EscapeDataString(name));
        request.Headers.Add("X-Reason", reason);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return CloseOutcome.Gone;
        }

        BrokerApiClient.EnsureAnswered(response, "the RabbitMQ management API's connection close");
        return CloseOutcome.Closed;
    }

    public void Dispose() => _http?.Dispose();

    internal sealed record ListedConnection(string Name, string User, string ClientId);
}
