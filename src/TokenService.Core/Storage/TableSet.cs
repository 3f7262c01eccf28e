using Azure;
using Azure.Data.Tables;

namespace TokenService.Storage;

/// <summary>
/// The service's tables, as singleton clients. They are created by the deployment (infra/) and by
/// tokenctl, so the request path does not spend a round trip per table on every new instance:
/// there a missing table reads as empty (<see cref="TableReads"/>) and the ledger creates the
/// tables when its commit finds one missing. <see cref="EnsureCreatedAsync"/> creates them once per
/// process; a failure (storage down) is retried on the next call instead of being cached.
/// </summary>
public class TableSet
{
    private readonly TableServiceClient _service;
    private Task? _creation;

    public TableSet(TableServiceClient service, string prefix)
    {
        _service = service;
        Accounts = service.GetTableClient(prefix + "Accounts");
        Instances = service.GetTableClient(prefix + "Instances");
        AccessKeys = service.GetTableClient(prefix + "AccessKeys");
        Ledger = service.GetTableClient(prefix + "Ledger");
        Sessions = service.GetTableClient(prefix + "Sessions");
    }

    /// <summary>Accounts: PartitionKey = account id, RowKey = "".</summary>
    public TableClient Accounts { get; }

    /// <summary>Instances: PartitionKey = instance id, RowKey = "" (a point read finds the owner).</summary>
    public TableClient Instances { get; }

    /// <summary>AccessKeys: PartitionKey = AccessKeyId, RowKey = "" (a point read per signature check).</summary>
    public TableClient AccessKeys { get; }

    /// <summary>
    /// Everything a call writes, one partition per account (see <c>Ledger.LedgerKeys</c>):
    /// usage slots (rate limit and metering), nonces, revocations and their expiry index, so that
    /// a call's writes are one entity-group transaction.
    /// </summary>
    public TableClient Ledger { get; }

    /// <summary>What broker connections presented (see <c>Brokers.SessionKeys</c>).</summary>
    public TableClient Sessions { get; }

    public IEnumerable<TableClient> All => [Accounts, Instances, AccessKeys, Ledger, Sessions];

    public Uri ServiceUri => _service.Uri;

    /// <summary>The store's answer when a table does not exist (Azure and Azurite alike).</summary>
    public static bool IsTableMissing(RequestFailedException e) => e is { Status: 404, ErrorCode: "TableNotFound" };

    /// <summary>
    /// Creates the tables once. Concurrent first calls may both send the (idempotent) create
    /// requests; a failed attempt is not remembered.
    /// </summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        var creation = _creation;
        if (creation is null || creation.IsFaulted || creation.IsCanceled)
        {
            creation = Task.WhenAll(All.Select(t => t.CreateIfNotExistsAsync(CancellationToken.None)));
            _creation = creation;
        }

        return creation.IsCompletedSuccessfully ? creation : creation.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Creates the tables whatever this process did before: a table was found missing, so an
    /// earlier creation (remembered by <see cref="EnsureCreatedAsync"/>) no longer holds.
    /// </summary>
    public Task CreateAgainAsync(CancellationToken cancellationToken = default)
    {
        _creation = null;
        return EnsureCreatedAsync(cancellationToken);
    }
}
