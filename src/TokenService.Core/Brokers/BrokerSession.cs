using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// What a connection presented at CONNECT, as the topic checks and a revocation need it: the
/// broker and client id, the username's AccessKeyId and instance, the instance's account, the
/// tokens by hash (never a token itself), their grants, and when the first of them expires (the
/// connection may not outlive it).
/// </summary>
public sealed record BrokerSession(
    string Broker,
    string ClientId,
    string AccessKeyId,
    string InstanceId,
    string AccountId,
    IReadOnlyList<string> TokenHashes,
    IReadOnlyList<SessionGrant> Grants,
    DateTimeOffset ConnectedAt,
    DateTimeOffset ExpiresAt)
{
    public string Username => $"Token|{AccessKeyId}|{InstanceId}";

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>PUBLISH (Write) to a topic or SUBSCRIBE (Read) to a filter: allowed when any grant allows it.</summary>
    public bool Allows(TokenActions needed, string topicOrFilter, DateTimeOffset now, Func<string, string>? grantedAs = null) =>
        !IsExpiredAt(now) && Grants.Any(grant => grant.Allows(needed, topicOrFilter, grantedAs));
}
