using Azure;
using Azure.Data.Tables;
using TokenService.Storage;

namespace TokenService.Brokers;

/// <summary>
/// Reads and writes sessions (see <see cref="SessionKeys"/>). A CONNECT writes in two steps:
/// <see cref="RecordPresentedAsync"/> (the token index and the expiry entry) before revocation is
/// read, and <see cref="SaveAsync"/> (the session itself) once the CONNECT is allowed. A revocation
/// that commits after the CONNECT's read therefore finds the index rows when it looks for the
/// token's connections afterwards; a denied CONNECT leaves no session that a topic check could use.
/// </summary>
internal sealed class SessionStore(TableSet tables)
{
    public Task RecordPresentedAsync(BrokerSession session, CancellationToken cancellationToken)
    {
        var sessionId = SessionKeys.SessionId(session.Broker, session.ClientId);
        return WithTablesAsync(() => Task.WhenAll(
            session.TokenHashes
                .Select(hash => new SessionEntity
                {
                    PartitionKey = SessionKeys.Token(hash),
                    RowKey = sessionId,
                    Broker = session.Broker,
                    ClientId = session.ClientId,
                    InstanceId = session.InstanceId,
                    ExpiresAt = session.ExpiresAt,
                })
                .Append(new SessionEntity
                {
                    PartitionKey = SessionKeys.ExpiryBucket(sessionId),
                    RowKey = SessionKeys.Expiry(session.ExpiresAt, sessionId),
                    Broker = session.Broker,
                    TokenHashes = string.Join(',', session.TokenHashes),
                })
                .Select(row => tables.Sessions.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken))), cancellationToken);
    }

    public Task SaveAsync(BrokerSession session, CancellationToken cancellationToken)
    {
        var row = new SessionEntity
        {
            PartitionKey = SessionKeys.Session(SessionKeys.SessionId(session.Broker, session.ClientId)),
            RowKey = "",
            Broker = session.Broker,
            ClientId = session.ClientId,
            AccessKeyId = session.AccessKeyId,
            InstanceId = session.InstanceId,
            AccountId = session.AccountId,
            TokenHashes = string.Join(',', session.TokenHashes),
            Grants = SessionGrants.Format(session.Grants),
            ConnectedAt = session.ConnectedAt,
            ExpiresAt = session.ExpiresAt,
        };
        return WithTablesAsync(() => tables.Sessions.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken), cancellationToken);
    }

    /// <summary>The last session a CONNECT of this client id stored, expired or not; null when there is none.</summary>
    public Task<BrokerSession?> FindAsync(string broker, string clientId, CancellationToken cancellationToken) =>
        FindAsync(SessionKeys.SessionId(broker, clientId), cancellationToken);

    /// <summary>The session stored under a session id (see <see cref="SessionKeys"/>), expired or not; null when there is none.</summary>
    public async Task<BrokerSession?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        var row = await tables.Sessions.FindAsync<SessionEntity>(SessionKeys.Session(sessionId), "", cancellationToken: cancellationToken);
        return row is { ExpiresAt: { } expires, ConnectedAt: { } connected, Broker: { } broker, ClientId: { } clientId }
            ? new BrokerSession(
                broker, clientId, row.AccessKeyId ?? "", row.InstanceId ?? "", row.AccountId ?? "",
                (row.TokenHashes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), SessionGrants.Parse(row.Grants), connected, expires)
            : null;
    }

    /// <summary>Every session whose CONNECT presented the token, one range read of its partition.</summary>
    public async Task<IReadOnlyList<TokenPresentation>> FindByTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SessionKeys.Token(tokenHash)}");
        return await QueryAsync(filter, row => new TokenPresentation(row.Broker ?? "", row.ClientId ?? "", row.Timestamp ?? DateTimeOffset.MinValue), cancellationToken);
    }

    /// <summary>
    /// The expiry entries of one bucket whose time lies in [<paramref name="from"/>, <paramref name="upTo"/>]:
    /// the sessions that expired then, for closing their connections.
    /// </summary>
    public Task<IReadOnlyList<ExpiredSession>> FindExpiredAsync(string bucket, DateTimeOffset from, DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {bucket} and RowKey ge {SessionKeys.ExpiryFrom(from)} and RowKey lt {SessionKeys.ExpiryUpTo(upTo)}");
        return QueryAsync(filter, row => new ExpiredSession(row.PartitionKey, row.RowKey, row.Broker, row.Closed == true), cancellationToken);
    }

    /// <summary>Marks an expiry entry as handled: its connection was closed, or needed no closing.</summary>
    public Task MarkClosedAsync(ExpiredSession entry, CancellationToken cancellationToken) =>
        tables.Sessions.UpdateEntityAsync(
            new SessionEntity { PartitionKey = entry.PartitionKey, RowKey = entry.RowKey, Closed = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string filter, Func<SessionEntity, T> map, CancellationToken cancellationToken)
    {
        var found = new List<T>();
        try
        {
            await foreach (var row in tables.Sessions.QueryAsync<SessionEntity>(filter, cancellationToken: cancellationToken))
            {
                found.Add(map(row));
            }
        }
        catch (RequestFailedException e) when (TableSet.IsTableMissing(e))
        {
            // No table, no sessions.
        }

        return found;
    }

    // The request path does not create tables (TableSet): a write that finds the table missing
    // creates the tables and is sent again, once.
    private async Task WithTablesAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write();
        }
        catch (RequestFailedException e) when (TableSet.IsTableMissing(e))
        {
            await tables.CreateAgainAsync(cancellationToken);
            await write();
        }
    }
}
