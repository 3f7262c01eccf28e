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
public sealed class SessionStore(TableSet tables)
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
    public async Task<BrokerSession?> FindAsync(string broker, string clientId, CancellationToken cancellationToken)
    {
        var row = await tables.Sessions.FindAsync<SessionEntity>(
            SessionKeys.Session(SessionKeys.SessionId(broker, clientId)), "", cancellationToken: cancellationToken);
        return row is { ExpiresAt: { } expires, ConnectedAt: { } connected }
            ? new BrokerSession(
                row.Broker ?? broker, row.ClientId ?? clientId, row.AccessKeyId ?? "", row.InstanceId ?? "", row.AccountId ?? "",
                (row.TokenHashes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), SessionGrants.Parse(row.Grants), connected, expires)
            : null;
    }

    /// <summary>Every (broker, client id) whose CONNECT presented the token, one range read of its partition.</summary>
    public async Task<IReadOnlyList<(string Broker, string ClientId)>> FindByTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var found = new List<(string, string)>();
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SessionKeys.Token(tokenHash)}");
            await foreach (var row in tables.Sessions.QueryAsync<SessionEntity>(filter, cancellationToken: cancellationToken))
            {
                found.Add((row.Broker ?? "", row.ClientId ?? ""));
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
