using Azure.Data.Tables;

namespace TokenService.Ledger;

/// <summary>
/// The one entity-group transaction of a call: its usage slot (index 0, the conflict handler relies
/// on it), its nonce row with the RequestId and the nonce's expiry index row, then each write and its
/// index row. Every row is an insert-if-absent.
/// </summary>
internal static class CommitTransaction
{
    public static List<TableTransactionAction> Build(
        CallRecord call, IReadOnlyList<LedgerWrite> writes, string nonceKey, DateTimeOffset now, long second, int slot)
    {
        var nonceExpires = now + CallLedger.NonceLifetime;
        var actions = new List<TableTransactionAction>(3 + 2 * writes.Count)
        {
            Add(new LedgerEntity
            {
                PartitionKey = call.AccountId,
                RowKey = LedgerKeys.Usage(second, call.Action, slot),
                RequestId = call.RequestId,
                InstanceId = call.InstanceId,
                Action = call.Action,
                AccessKeyId = call.AccessKeyId,
                ParentAccessKeyId = call.ParentAccessKeyId,
            }),
            Add(new LedgerEntity { PartitionKey = call.AccountId, RowKey = nonceKey, RequestId = call.RequestId, ExpiresAt = nonceExpires }),
            Add(new LedgerEntity { PartitionKey = call.AccountId, RowKey = LedgerKeys.Expiry(nonceExpires, nonceKey) }),
        };

        foreach (var write in writes)
        {
            write.Entity.PartitionKey = call.AccountId;
            actions.Add(Add(write.Entity));
            if (write.IndexKey is { } indexKey)
            {
                actions.Add(Add(new LedgerEntity { PartitionKey = call.AccountId, RowKey = indexKey }));
            }
        }

        return actions;
    }

    private static TableTransactionAction Add(LedgerEntity entity) => new(TableTransactionActionType.Add, entity.ToRow());
}
