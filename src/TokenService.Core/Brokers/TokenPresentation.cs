namespace TokenService.Brokers;

/// <summary>A token index row: a CONNECT of this client id on this broker presented the token, recorded at <paramref name="RecordedAt"/>.</summary>
internal sealed record TokenPresentation(string Broker, string ClientId, DateTimeOffset RecordedAt);

/// <summary>An expiry entry of the Sessions table (its keys), the broker of its session, and whether its connection was already handled.</summary>
internal sealed record ExpiredSession(string PartitionKey, string RowKey, string? Broker, bool Closed)
{
    public string SessionId => SessionKeys.ExpirySessionId(RowKey);
}
