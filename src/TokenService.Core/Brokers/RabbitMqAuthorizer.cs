using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// What <c>rabbitmq_auth_backend_http</c> asks for an MQTT client (RabbitMQ 3.10): the user at
/// CONNECT (with the password), then the vhost, the resources the MQTT plugin uses on the
/// client's behalf, and topics; all after CONNECT carry the username and client id only.
/// Resources: the configured exchange (read to bind, write to publish) and the client's own
/// queues <c>mqtt-subscription-&lt;client id&gt;qos0|qos1</c>; nothing else.
/// </summary>
public sealed class RabbitMqAuthorizer
{
    private readonly ConnectAuthorizer _connect;
    private readonly SessionAuthorizer _sessions;
    private readonly RabbitMqOptions _options;

    /// <summary>Internal, so that its collaborators can stay internal: the container builds it in its folder's registration.</summary>
    internal RabbitMqAuthorizer(ConnectAuthorizer connect, SessionAuthorizer sessions, IOptions<BrokerOptions> options)
    {
        _connect = connect;
        _sessions = sessions;
        _options = options.Value.RabbitMq;
    }

    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string AllowAdministrator = "allow administrator management";

    /// <summary>The answer to the user check: <see cref="Allow"/>, <see cref="Deny"/>, or <see cref="AllowAdministrator"/> for the service's own user.</summary>
    public async Task<string> UserAsync(string? username, string? password, string? clientId, CancellationToken cancellationToken)
    {
        if (IsAdministrator(username, password))
        {
            return AllowAdministrator;
        }

        var decision = await _connect.DecideAsync(new ConnectRequest(BrokerNames.RabbitMq, clientId, username, password), cancellationToken);
        return decision.Allowed ? Allow : Deny;
    }

    public async Task<bool> VhostAsync(string? username, string? vhost, string? clientId, CancellationToken cancellationToken) =>
        IsAdministratorName(username)
        || (vhost == _options.VirtualHost && await _sessions.FindLiveAsync(BrokerNames.RabbitMq, clientId, username, cancellationToken) is not null);

    public async Task<bool> ResourceAsync(
        string? username, string? vhost, string? resource, string? name, string? permission, string? clientId, CancellationToken cancellationToken)
    {
        var permitted = (resource, permission) switch
        {
            ("exchange", "read" or "write") => name == _options.Exchange,
            ("queue", "configure" or "read" or "write") => clientId is not null
                && (name == $"mqtt-subscription-{clientId}qos0" || name == $"mqtt-subscription-{clientId}qos1"),
            _ => false,
        };
        return permitted && vhost == _options.VirtualHost
            && await _sessions.FindLiveAsync(BrokerNames.RabbitMq, clientId, username, cancellationToken) is not null;
    }

    /// <summary>A publish (write) to, or a subscription (read) by, an MQTT topic the routing key stands for.</summary>
    public async Task<bool> TopicAsync(
        string? username, string? vhost, string? exchange, string? permission, string? routingKey, string? clientId, CancellationToken cancellationToken)
    {
        TokenActions needed = permission switch
        {
            "write" => TokenActions.Write,
            "read" => TokenActions.Read,
            _ => TokenActions.None,
        };
        return needed is not TokenActions.None && vhost == _options.VirtualHost && exchange == _options.Exchange && !string.IsNullOrEmpty(routingKey)
            && await _sessions.AllowsAsync(BrokerNames.RabbitMq, clientId, username, needed, RabbitMqTopics.FromRoutingKey(routingKey), cancellationToken,
                RabbitMqTopics.GrantedAsRouted);
    }

    private bool IsAdministrator(string? username, string? password) =>
        IsAdministratorName(username) && !string.IsNullOrEmpty(_options.AdminPassword) && password is not null
        && FixedTimeEquals(password, _options.AdminPassword);

    private bool IsAdministratorName(string? username) =>
        !string.IsNullOrEmpty(_options.AdminUsername) && username is not null && FixedTimeEquals(username, _options.AdminUsername);

    // Hashes first, so neither the length nor a prefix of the configured value shows in the timing.
    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
