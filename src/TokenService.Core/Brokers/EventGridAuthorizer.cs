using System.Buffers.Text;
using System.Text;
using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// Azure Event Grid's MQTT custom webhook authentication: the common CONNECT decision over the
/// client's username and its password (sent base64). Event Grid then authorizes topics itself,
/// from topic spaces and permission bindings over client groups, which select clients by the
/// attributes returned here (see the README); it has no disconnect API, so the connection ends
/// at the returned expiration (the first token's expiry).
/// </summary>
public sealed class EventGridAuthorizer
{
    private readonly ConnectAuthorizer _connect;

    /// <summary>Internal, so that its collaborators can stay internal: the container builds it in its folder's registration.</summary>
    internal EventGridAuthorizer(ConnectAuthorizer connect)
    {
        _connect = connect;
    }

    public async Task<ConnectDecision> AuthenticateAsync(string? clientId, string? userName, string? passwordBase64, CancellationToken cancellationToken)
    {
        var password = Decode(passwordBase64);
        return password is null
            ? ConnectDecision.Deny("the password is not base64 of at most " + BrokerCredentials.MaxPasswordLength + " bytes")
            : await _connect.DecideAsync(new ConnectRequest(BrokerNames.EventGrid, clientId, userName, password), cancellationToken);
    }

    /// <summary>
    /// Client attributes for Event Grid's client-group queries and topic templates: the instance
    /// and AccessKeyId, whether the client may publish or subscribe at all, and the filters of each.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Attributes(BrokerSession session) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["instanceId"] = session.InstanceId,
        ["accessKeyId"] = session.AccessKeyId,
        ["canPublish"] = Filters(session, TokenActions.Write).Length > 0 ? "true" : "false",
        ["canSubscribe"] = Filters(session, TokenActions.Read).Length > 0 ? "true" : "false",
        ["publishFilters"] = string.Join(',', Filters(session, TokenActions.Write)),
        ["subscribeFilters"] = string.Join(',', Filters(session, TokenActions.Read)),
    };

    private static string[] Filters(BrokerSession session, TokenActions needed) =>
        session.Grants.Where(g => (g.Type & needed) == needed).SelectMany(g => g.Filters).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static string? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64) || base64.Length > Base64.GetMaxEncodedToUtf8Length(BrokerCredentials.MaxPasswordLength))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(base64);
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
