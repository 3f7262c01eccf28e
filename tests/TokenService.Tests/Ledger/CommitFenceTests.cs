using Azure;
using Azure.Data.Tables;
using Moq;
using TokenService.Ledger;
using TokenService.Revocations;

using static TokenService.Tests.Ledger.LedgerSamples;

namespace TokenService.Tests.Ledger;

/// <summary>
/// <see cref="CommitFence"/>'s decisions over a Moq'd table that keeps its rows (inserts conflict
/// on an existing key, as the store's do): what a call answered with an error leaves behind once
/// the fence has run, whatever its commit did.
/// </summary>
public class CommitFenceTests
{
    private readonly LedgerTableMock _store = new();
    private readonly FixedClock _clock = new(Noon.AddSeconds(5));
    private readonly Dictionary<string, LedgerEntity> _rows = [];
    private readonly List<List<TableTransactionAction>> _submitted = [];
    private readonly LedgerWrite _revocation;
    private readonly List<TableTransactionAction> _commit;

    public CommitFenceTests()
    {
        _revocation = RevocationRecord.Create(Call, "token-hash", Noon, Noon.AddDays(1));
        _commit = CommitTransaction.Build(Call, [_revocation], NonceKey, Noon, Noon.ToUnixTimeSeconds(), 3);
        _store.Table
            .Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<TableTransactionAction> actions, CancellationToken _) => Apply(actions.ToList()));
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(Call.AccountId, It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string _, string rowKey, IEnumerable<string> _, CancellationToken _) =>
                _rows.TryGetValue(rowKey, out var row) ? LedgerTableMock.Found(Copy(row)) : LedgerTableMock.Missing<LedgerEntity>());
    }

    private UnsettledCommit Unsettled => new(Call.AccountId, Call.RequestId, NonceKey, [_commit[0].Entity.RowKey], [_revocation]);

    [Fact]
    public async Task ACommitThatDidNotLandIsFencedOffAndCanNeverLand()
    {
        var outcome = await Fence().SettleAsync(Unsettled, CancellationToken.None);

        Assert.Equal(FenceOutcome.Fenced, outcome);
        var fence = _rows[NonceKey];
        Assert.Equal((Call.RequestId, true, _clock.Now + CallLedger.NonceLifetime), (fence.RequestId, fence.Aborted, fence.ExpiresAt));
        Assert.Contains(LedgerKeys.Expiry(_clock.Now + CallLedger.NonceLifetime, NonceKey), _rows.Keys);

        // The late transaction arrives now: its nonce row conflicts, nothing of it is stored.
        await Assert.ThrowsAsync<TableTransactionFailedException>(() => Apply(_commit));
        Assert.Equal([NonceKey, LedgerKeys.Expiry(_clock.Now + CallLedger.NonceLifetime, NonceKey)], _rows.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACommitThatLandedAfterTheAnswerIsWithdrawnWholeAndItsNonceStaysUsed()
    {
        await Apply(_commit);
        var nonceIndex = _commit[2].Entity.RowKey;

        var outcome = await Fence().SettleAsync(Unsettled, CancellationToken.None);

        Assert.Equal(FenceOutcome.Withdrawn, outcome);
        Assert.DoesNotContain(_rows.Keys, k => k.StartsWith(LedgerKeys.UsagePrefix, StringComparison.Ordinal) || k.StartsWith(LedgerKeys.RevocationPrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(_revocation.IndexKey!, _rows.Keys);
        var fence = _rows[NonceKey];
        Assert.Equal((Call.RequestId, true, Noon + CallLedger.NonceLifetime), (fence.RequestId, fence.Aborted, fence.ExpiresAt));
        Assert.Contains(nonceIndex, _rows.Keys);
        var settle = _rows[LedgerKeys.Settle(Call.RequestId)];
        Assert.Equal((Call.RequestId, true), (settle.RequestId, settle.Aborted));
        Assert.Contains(LedgerKeys.Expiry(_revocation.ExpiresAt!.Value, LedgerKeys.Settle(Call.RequestId)), _rows.Keys);
        Assert.Single(_submitted.Skip(2));
    }

    [Fact]
    public async Task ARecordALaterCallReliedOnStaysWhileTheSlotIsWithdrawn()
    {
        await Apply(_commit);
        // A later RevokeToken of the same token found the record and relied on it (answered 200).
        _rows[LedgerKeys.Settle(Call.RequestId)] = new LedgerEntity { RowKey = LedgerKeys.Settle(Call.RequestId), RequestId = "LATER-CALL" };

        var outcome = await Fence().SettleAsync(Unsettled, CancellationToken.None);

        Assert.Equal(FenceOutcome.Withdrawn, outcome);
        Assert.Contains(_revocation.Entity.RowKey, _rows.Keys);
        Assert.Contains(_revocation.IndexKey!, _rows.Keys);
        Assert.DoesNotContain(_rows.Keys, k => k.StartsWith(LedgerKeys.UsagePrefix, StringComparison.Ordinal));
        Assert.True(_rows[NonceKey].Aborted);
        Assert.Equal("LATER-CALL", _rows[LedgerKeys.Settle(Call.RequestId)].RequestId);
    }

    [Fact]
    public async Task ARecordOfAnotherCallIsNeverWithdrawn()
    {
        // The record existed before: the commit that landed had dropped its own (KeepExisting).
        await Apply([.. _commit.Take(3)]);
        _rows[_revocation.Entity.RowKey] = new LedgerEntity { RowKey = _revocation.Entity.RowKey, RequestId = "FIRST-REVOCATION" };

        var outcome = await Fence().SettleAsync(Unsettled, CancellationToken.None);

        Assert.Equal(FenceOutcome.Withdrawn, outcome);
        Assert.Equal("FIRST-REVOCATION", _rows[_revocation.Entity.RowKey].RequestId);
        Assert.DoesNotContain(LedgerKeys.Settle(Call.RequestId), _rows.Keys);
        Assert.DoesNotContain(_rows.Keys, k => k.StartsWith(LedgerKeys.UsagePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASlotOfAnotherCallUnderATriedKeyIsLeftAlone()
    {
        var other = CommitTransaction.Build(Call with { RequestId = "OTHER", Nonce = "other" }, [], LedgerKeys.Nonce("AKID-1", "other"), Noon, Noon.ToUnixTimeSeconds(), 3);
        await Apply(other);

        Assert.Equal(FenceOutcome.Fenced, await Fence().SettleAsync(Unsettled, CancellationToken.None));
        Assert.Equal("OTHER", _rows[other[0].Entity.RowKey].RequestId);
    }

    [Fact]
    public async Task SettlingTwiceFindsItSettled()
    {
        await Apply(_commit);
        Assert.Equal(FenceOutcome.Withdrawn, await Fence().SettleAsync(Unsettled, CancellationToken.None));
        var after = _rows.Keys.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(FenceOutcome.AlreadySettled, await Fence().SettleAsync(Unsettled, CancellationToken.None));
        Assert.Equal(after, _rows.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ANonceHeldByAnotherCallMeansNothingOfThisCallCanLand()
    {
        _rows[NonceKey] = new LedgerEntity { RowKey = NonceKey, RequestId = "REPLAY", ExpiresAt = _clock.Now.AddMinutes(20) };

        Assert.Equal(FenceOutcome.NonceOfAnotherCall, await Fence().SettleAsync(Unsettled, CancellationToken.None));
        Assert.Equal("REPLAY", _rows[NonceKey].RequestId);
    }

    [Fact]
    public async Task AnExpiredNonceOfAnotherCallIsReplacedByTheFence()
    {
        _rows[NonceKey] = new LedgerEntity { RowKey = NonceKey, RequestId = "LONG-AGO", ExpiresAt = _clock.Now.AddMinutes(-1) };
        _store.Table
            .Setup(t => t.DeleteEntityAsync(Call.AccountId, NonceKey, It.IsAny<ETag>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                _rows.Remove(NonceKey);
                return Task.FromResult(Mock.Of<Response>());
            });

        Assert.Equal(FenceOutcome.Fenced, await Fence().SettleAsync(Unsettled, CancellationToken.None));
        Assert.Equal(Call.RequestId, _rows[NonceKey].RequestId);
    }

    private CommitFence Fence() => new(_store.Tables, _clock);

    /// <summary>All or nothing, as an entity-group transaction: an add of an existing key fails it at that action.</summary>
    private Task<Response<IReadOnlyList<Response>>> Apply(List<TableTransactionAction> actions)
    {
        _submitted.Add(actions);
        var conflict = actions.FindIndex(a => a.ActionType == TableTransactionActionType.Add && _rows.ContainsKey(a.Entity.RowKey));
        if (conflict >= 0)
        {
            return Task.FromException<Response<IReadOnlyList<Response>>>(LedgerTableMock.Conflict(conflict));
        }

        foreach (var action in actions)
        {
            if (action.ActionType == TableTransactionActionType.Delete)
            {
                _rows.Remove(action.Entity.RowKey);
            }
            else
            {
                var row = (TableEntity)action.Entity;
                _rows[row.RowKey] = new LedgerEntity
                {
                    RowKey = row.RowKey,
                    RequestId = row.GetString("RequestId"),
                    Aborted = row.GetBoolean("Aborted"),
                    ExpiresAt = row.GetDateTimeOffset("ExpiresAt"),
                };
            }
        }

        return LedgerTableMock.Accepted();
    }

    private static LedgerEntity Copy(LedgerEntity row) => new()
    {
        RowKey = row.RowKey,
        RequestId = row.RequestId,
        Aborted = row.Aborted,
        ExpiresAt = row.ExpiresAt,
        ETag = new ETag("W/\"1\""),
    };
}
