using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TokenService.Storage;

namespace TokenService.Ledger;

/// <summary>
/// Commits an authorized call: in one entity-group transaction in the account's partition it
/// claims a usage slot of the current second (the rate limit, and the meter record for billing),
/// records the nonce, and stores the operation's own rows. Either all of it is stored or none of
/// it, so a 200 always has its record and its meter, and a throttled or replayed call leaves
/// nothing behind.
///
/// Exactness: slot numbers run from 0 to limit-1 and a slot is claimed by insert-if-absent, which
/// the store enforces (inside batches too, also on Azurite), so no second ever admits more than the
/// limit, whatever the number of service instances. The second is the UTC second of the service
/// instance's clock at the attempt.
///
/// A commit that fails after a transaction was sent (the call budget ran out, the storage client
/// gave up) may still land after the call was answered with an error: such a call is handed to
/// <see cref="CommitFences"/>, which fences it off or withdraws it in the background.
/// </summary>
internal sealed class CallLedger(TableSet tables, IOptionsMonitor<RateLimitOptions> limits, TimeProvider clock, CommitFences fences)
{
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(31);

    private const int MaxAttempts = 12;

    private readonly SlotHints _hints = new();

    public async Task<CommitResult> CommitAsync(CallRecord call, IReadOnlyList<LedgerWrite> writes, CancellationToken cancellationToken)
    {
        var nonceKey = LedgerKeys.Nonce(call.AccessKeyId, call.Nonce);
        var sentSlots = new List<string>();
        var sentWrites = new List<LedgerWrite>();
        try
        {
            return await CommitAsync(call, writes, nonceKey, sentSlots, sentWrites, cancellationToken);
        }
        catch (Exception) when (sentSlots.Count > 0)
        {
            // The call is answered with an error now; whether a transaction it sent still lands is
            // settled in the background, so that an error answer never leaves a meter or a record.
            _ = fences.Start(new UnsettledCommit(call.AccountId, call.RequestId, nonceKey, sentSlots, sentWrites));
            throw;
        }
    }

    private async Task<CommitResult> CommitAsync(
        CallRecord call, IReadOnlyList<LedgerWrite> writes, string nonceKey, List<string> sentSlots, List<LedgerWrite> sentWrites, CancellationToken cancellationToken)
    {
        var limit = limits.CurrentValue.For(call.Action);
        var pending = writes.ToList();
        var tablesCreated = false;

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var second = now.ToUnixTimeSeconds();
            var slot = _hints.Pick(call.AccountId, call.Action, second, limit);
            if (slot < 0)
            {
                return await ThrottledUnlessReplayAsync(call, nonceKey, cancellationToken);
            }

            var actions = CommitTransaction.Build(call, pending, nonceKey, now, second, slot);
            sentSlots.Add(actions[0].Entity.RowKey);
            sentWrites.AddRange(pending.Except(sentWrites));
            try
            {
                await tables.Ledger.SubmitTransactionAsync(actions, cancellationToken);

                // The slot is ours now: this process's next calls in the second must not try it again.
                _hints.MarkTaken(call.AccountId, call.Action, second, [slot]);
                return CommitResult.Committed;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is int index)
            {
                var conflict = actions[index].Entity.RowKey;
                if (index == 0)
                {
                    // Our slot was taken: learn the second's slots; one of them may be our own
                    // earlier attempt that committed but whose answer was lost.
                    var (ours, taken) = await LearnSlotsAsync(call, second, cancellationToken);
                    if (ours)
                    {
                        return CommitResult.Committed;
                    }

                    // Lost the race for the last slots and the second is over: refuse now (the
                    // client retries after Retry-After) instead of queueing a full second's excess
                    // into later seconds when the store is slow. A second that still had room
                    // only cost us a collision on a random slot: the call tries the current second.
                    if (taken >= limit && clock.GetUtcNow().ToUnixTimeSeconds() > second)
                    {
                        return await ThrottledUnlessReplayAsync(call, nonceKey, cancellationToken);
                    }
                }
                else if (conflict == nonceKey || conflict.StartsWith(LedgerKeys.ExpiryPrefix, StringComparison.Ordinal) && conflict.EndsWith(nonceKey, StringComparison.Ordinal))
                {
                    var outcome = await NonceConflicts.ResolveAsync(tables.Ledger, call, nonceKey, now, cancellationToken);
                    if (outcome is not null)
                    {
                        return outcome;
                    }
                }
                else
                {
                    var write = pending.FirstOrDefault(w => w.Entity.RowKey == conflict || w.IndexKey == conflict);
                    if (write is null || !(write.KeepExisting || write.StandsFor is not null))
                    {
                        throw;
                    }

                    pending.Remove(write);
                    foreach (var instead in await KeptRecords.InsteadOfExistingAsync(tables.Ledger, call, write, cancellationToken))
                    {
                        KeptRecords.AddTo(pending, instead);
                    }
                }
            }
            catch (RequestFailedException e) when (TableSet.IsTableMissing(e) && !tablesCreated)
            {
                // Tables are created at deployment; a store without them (a new local store, a
                // deleted table) gets them now, once per call, and the call is tried again. A table
                // still missing after that is a store failure, not a full second.
                await tables.CreateAgainAsync(cancellationToken);
                tablesCreated = true;
            }
        }

        // Persistent contention for the last free slots: the second is, in effect, full.
        return await ThrottledUnlessReplayAsync(call, nonceKey, cancellationToken);
    }

    /// <summary>
    /// Every throttled answer goes through here. The check order (docs/contract.md §7.2) puts the signature stage,
    /// replay included, before the rate limit, but a transaction reports only its first failing
    /// row, and the slot comes first: a full second hides a used nonce. One point read of the
    /// nonce settles it; it is paid only by calls that are refused anyway, never by admitted ones.
    /// </summary>
    private async Task<CommitResult> ThrottledUnlessReplayAsync(CallRecord call, string nonceKey, CancellationToken cancellationToken)
    {
        var nonce = await tables.Ledger.FindAsync<LedgerEntity>(call.AccountId, nonceKey, select: ["RequestId", "ExpiresAt", "Aborted"], cancellationToken: cancellationToken);
        var now = clock.GetUtcNow();
        return nonce switch
        {
            // An earlier attempt of this very call committed (its answer was lost): it is done.
            { RequestId: var requestId, Aborted: not true } when requestId == call.RequestId => CommitResult.Committed,
            { ExpiresAt: { } expires } when expires > now => CommitResult.NonceUsed,
            _ => Throttled(now),
        };
    }

    private static CommitResult Throttled(DateTimeOffset now) =>
        new(CommitStatus.Throttled, TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>Reads the second's taken slots into the hints: whether one of them is this call's own, and how many are taken.</summary>
    private async Task<(bool Ours, int Taken)> LearnSlotsAsync(CallRecord call, long second, CancellationToken cancellationToken)
    {
        var from = LedgerKeys.UsageSecondStart(second, call.Action);
        var to = LedgerKeys.UsageSecondEnd(second, call.Action);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {call.AccountId} and RowKey ge {from} and RowKey lt {to}");
        var taken = new List<int>();
        var ours = false;
        await foreach (var row in tables.Ledger.QueryAsync<LedgerEntity>(filter, select: ["RowKey", "RequestId"], cancellationToken: cancellationToken))
        {
            taken.Add(LedgerKeys.ParseUsage(row.RowKey).Slot);
            ours |= row.RequestId == call.RequestId;
        }

        _hints.MarkTaken(call.AccountId, call.Action, second, taken);
        return (ours, taken.Count);
    }

    /// <summary>
    /// True when the AccessKey already used this nonce within its lifetime. Read-only: callers use
    /// it before reporting a later check's failure, so that a replay is reported as such (the
    /// signature stage comes first in docs/contract.md §7.2) without a round trip on the success path, where
    /// the commit's insert-if-absent detects replays atomically.
    /// </summary>
    public Task<bool> IsNonceUsedAsync(string accountId, string accessKeyId, string nonce, CancellationToken cancellationToken) =>
        NonceTakenAsync(accountId, LedgerKeys.Nonce(accessKeyId, nonce), cancellationToken);

    private async Task<bool> NonceTakenAsync(string accountId, string nonceKey, CancellationToken cancellationToken)
    {
        var found = await tables.Ledger.FindAsync<LedgerEntity>(accountId, nonceKey, select: ["ExpiresAt"], cancellationToken: cancellationToken);
        return found is { ExpiresAt: { } expires } && expires > clock.GetUtcNow();
    }
}
