using Azure.Data.Tables;
using Azure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using TokenService.Ledger;
using TokenService.Revocations;

using static TokenService.Tests.Ledger.LedgerSamples;

namespace TokenService.Tests.Ledger;

/// <summary>
/// <see cref="CallLedger"/>'s branches over a Moq'd table: what it submits, and what it does with
/// each conflict the store can answer. Slot numbers are random, so the tests read the slot each
/// attempt used off the submitted transaction.
/// </summary>
public class CallLedgerTests
{
    private readonly LedgerTableMock _store = new();
    private readonly Mock<CommitFences> _fences;
    private readonly FixedClock _clock = new(Noon.AddMilliseconds(250));
    private readonly List<List<TableTransactionAction>> _submitted = [];
    private readonly Queue<Exception> _failures = new();
    private Func<LedgerEntity[]> _secondsSlots = () => [];
    private LedgerEntity? _storedNonce;

    public CallLedgerTests()
    {
        _fences = new Mock<CommitFences>(new CommitFence(_store.Tables, _clock), NullLogger<CommitFences>.Instance);
        _fences.Setup(f => f.Start(It.IsAny<UnsettledCommit>())).ReturnsAsync(FenceOutcome.Fenced);
        _store.Table
            .Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<TableTransactionAction> actions, CancellationToken _) =>
            {
                _submitted.Add(actions.ToList());
                return _failures.TryDequeue(out var failure)
                    ? Task.FromException<Response<IReadOnlyList<Response>>>(failure)
                    : LedgerTableMock.Accepted();
            });
        _store.Table
            .Setup(t => t.QueryAsync<LedgerEntity>(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => LedgerTableMock.Rows(_secondsSlots()));
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(LedgerTableMock.Missing<LedgerEntity>);
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(Call.AccountId, NonceKey, It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => _storedNonce is null ? LedgerTableMock.Missing<LedgerEntity>() : LedgerTableMock.Found(_storedNonce));
    }

    private static long Second => Noon.ToUnixTimeSeconds();

    [Fact]
    public async Task AnAdmittedCallIsOneTransactionOfSlotNonceAndOperationRowsInTheAccountsPartition()
    {
        var revocation = RevocationRecord.Create(Call, "token", _clock.Now, null);

        var result = await Ledger().CommitAsync(Call, [revocation], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        var actions = Assert.Single(_submitted);
        Assert.All(actions, a => Assert.Equal(TableTransactionActionType.Add, a.ActionType));
        Assert.All(actions, a => Assert.Equal(Call.AccountId, a.Entity.PartitionKey));
        var slot = (TableEntity)actions[0].Entity;
        var (second, action, number) = LedgerKeys.ParseUsage(slot.RowKey);
        Assert.Equal((Second, "RevokeToken"), (second, action));
        Assert.InRange(number, 0, 4);
        Assert.Equal(
            (Call.RequestId, Call.InstanceId, Call.Action, Call.AccessKeyId),
            (slot.GetString("RequestId"), slot.GetString("InstanceId"), slot.GetString("Action"), slot.GetString("AccessKeyId")));
        var nonce = (TableEntity)actions[1].Entity;
        Assert.Equal(
            (NonceKey, Call.RequestId, _clock.Now.AddMinutes(31)),
            (nonce.RowKey, nonce.GetString("RequestId"), nonce.GetDateTimeOffset("ExpiresAt")));
        Assert.Equal(LedgerKeys.Expiry(_clock.Now.AddMinutes(31), NonceKey), actions[2].Entity.RowKey);
        Assert.Equal(revocation.Entity.RowKey, actions[3].Entity.RowKey);
        Assert.Equal(LedgerKeys.Expiry(revocation.ExpiresAt!.Value, revocation.Entity.RowKey), actions[4].Entity.RowKey);
        Assert.Equal(5, actions.Count);

        // Each row carries only its own columns: nothing is sent as an explicit null.
        Assert.Equal(["AccessKeyId", "Action", "InstanceId", "PartitionKey", "RequestId", "RowKey"], slot.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["ExpiresAt", "PartitionKey", "RequestId", "RowKey"], nonce.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["PartitionKey", "RowKey"], ((TableEntity)actions[2].Entity).Keys.Order(StringComparer.Ordinal));
        Assert.All(actions, a => Assert.DoesNotContain(null, ((IDictionary<string, object>)a.Entity).Values));
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(250, 750)]
    [InlineData(999, 1)]
    public async Task AThrottledCallIsToldToRetryAtTheStartOfTheNextSecond(int millisecond, int retryAfterMilliseconds)
    {
        _clock.Now = Noon.AddMilliseconds(millisecond);

        var result = await Ledger(limit: 0).CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Throttled, result.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(retryAfterMilliseconds), result.RetryAfter);
        Assert.Empty(_submitted);
    }

    [Fact]
    public async Task AReplayedNonceIsReportedBeforeTheLimit()
    {
        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = "EARLIER", ExpiresAt = _clock.Now.AddMinutes(5) };

        var result = await Ledger(limit: 0).CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.NonceUsed, result.Status);
        Assert.Empty(_submitted);
    }

    [Fact]
    public async Task ASlotConflictRereadsTheSecondAndRetriesTheSlotStillFree()
    {
        _failures.Enqueue(LedgerTableMock.Conflict(0));
        int? free = null;
        _secondsSlots = () =>
        {
            // The slot the first attempt tried, and three more, are taken by other processes.
            var tried = SlotOf(_submitted[0]);
            var taken = new[] { tried }.Concat(Enumerable.Range(0, 5).Where(s => s != tried).Take(3)).ToList();
            free = Enumerable.Range(0, 5).Except(taken).Single();
            return taken.Select(s => SlotRow(s, "OTHER-" + s)).ToArray();
        };

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Equal(2, _submitted.Count);
        Assert.Equal(free, SlotOf(_submitted[1]));
        Assert.Equal(_submitted[0].Skip(1).Select(a => a.Entity.RowKey), _submitted[1].Skip(1).Select(a => a.Entity.RowKey));
    }

    [Fact]
    public async Task ASlotConflictWithEverySlotTakenIsThrottledWithoutAnotherWrite()
    {
        _failures.Enqueue(LedgerTableMock.Conflict(0));
        _secondsSlots = () => Enumerable.Range(0, 5).Select(s => SlotRow(s, "OTHER-" + s)).ToArray();

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Throttled, result.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(750), result.RetryAfter);
        Assert.Single(_submitted);
    }

    [Fact]
    public async Task ASlotConflictResolvedAfterTheSecondEndedIsThrottledWhenTheSecondWasFull()
    {
        _failures.Enqueue(LedgerTableMock.Conflict(0));
        _secondsSlots = () =>
        {
            _clock.Now = Noon.AddSeconds(1).AddMilliseconds(100);
            return Enumerable.Range(0, 5).Select(s => SlotRow(s, "OTHER-" + s)).ToArray();
        };

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Throttled, result.Status);
        Assert.Single(_submitted);
    }

    [Fact]
    public async Task AReplayWhoseSlotConflictFindsTheSecondFullAfterItEndedIsNonceUsedNotOverFlow()
    {
        // The transaction reports only its first failing row, the slot; the used nonce behind it
        // must still win over the rate limit (the check order of docs/contract.md §7.2).
        _failures.Enqueue(LedgerTableMock.Conflict(0));
        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = "EARLIER", ExpiresAt = _clock.Now.AddMinutes(5) };
        _secondsSlots = () =>
        {
            _clock.Now = Noon.AddSeconds(1).AddMilliseconds(100);
            return Enumerable.Range(0, 5).Select(s => SlotRow(s, "OTHER-" + s)).ToArray();
        };

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.NonceUsed, result.Status);
        Assert.Single(_submitted);
    }

    [Fact]
    public async Task AReplayStillContendingAfterEveryAttemptIsNonceUsedNotOverFlow()
    {
        // Every attempt collides on a slot of a second that never fills up (other processes keep
        // winning the last free slots), so the ledger gives up: a replay must still be named.
        for (var i = 0; i < 12; i++)
        {
            _failures.Enqueue(LedgerTableMock.Conflict(0));
        }

        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = "EARLIER", ExpiresAt = _clock.Now.AddMinutes(5) };

        var result = await Ledger(limit: 1000).CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.NonceUsed, result.Status);
        Assert.Equal(12, _submitted.Count);
    }

    [Fact]
    public async Task AThrottledAnswerWhoseNonceRowIsTheCallsOwnIsTheEarlierAttemptThatCommitted()
    {
        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = Call.RequestId, ExpiresAt = _clock.Now.AddMinutes(31) };

        var result = await Ledger(limit: 0).CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Empty(_submitted);
    }

    [Fact]
    public async Task ASlotConflictResolvedAfterTheSecondEndedIsAdmittedInTheCurrentSecondWhenTheSecondHadRoom()
    {
        // A collision on a random slot of a second with room left, resolved late (a slow store):
        // the call is not refused for a limit its second never reached.
        _failures.Enqueue(LedgerTableMock.Conflict(0));
        _secondsSlots = () =>
        {
            _clock.Now = Noon.AddSeconds(1).AddMilliseconds(100);
            return [SlotRow(SlotOf(_submitted[0]), "OTHER")];
        };

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Equal(2, _submitted.Count);
        Assert.Equal(Second + 1, LedgerKeys.ParseUsage(_submitted[1][0].Entity.RowKey).Second);
    }

    [Fact]
    public async Task ASlotConflictWithItsOwnRequestIdIsTheEarlierAttemptThatCommitted()
    {
        // The SDK retried a transaction whose answer was lost: the retry finds its own slot.
        _failures.Enqueue(LedgerTableMock.Conflict(0));
        _secondsSlots = () => [SlotRow(SlotOf(_submitted[0]), Call.RequestId), SlotRow((SlotOf(_submitted[0]) + 1) % 5, "OTHER")];

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Single(_submitted);
    }

    [Fact]
    public async Task ANonceConflictWithItsOwnRequestIdIsTheEarlierAttemptThatCommitted()
    {
        _failures.Enqueue(LedgerTableMock.Conflict(1));
        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = Call.RequestId, ExpiresAt = _clock.Now.AddMinutes(31) };

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Single(_submitted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ANonceConflictWithAnotherCallsLiveNonceIsNonceUsed(int conflictIndex)
    {
        _failures.Enqueue(LedgerTableMock.Conflict(conflictIndex));
        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = "EARLIER", ExpiresAt = _clock.Now.AddMinutes(1) };

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.NonceUsed, result.Status);
        Assert.Single(_submitted);
    }

    [Fact]
    public async Task AnExpiredButUnpurgedNonceIsDeletedUnderItsETagAndTheCallRetried()
    {
        _failures.Enqueue(LedgerTableMock.Conflict(1));
        var etag = new ETag("W/\"old\"");
        _storedNonce = new LedgerEntity { RowKey = NonceKey, RequestId = "LONG-AGO", ExpiresAt = _clock.Now.AddSeconds(-1), ETag = etag };
        _store.Table
            .Setup(t => t.DeleteEntityAsync(Call.AccountId, NonceKey, etag, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                _storedNonce = null;
                return Task.FromResult(Mock.Of<Response>());
            })
            .Verifiable();

        var result = await Ledger().CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Equal(2, _submitted.Count);
        _store.Table.Verify();
    }

    [Theory]
    [InlineData(3)] // the revocation row
    [InlineData(4)] // its expiry index row
    public async Task AKeepExistingWriteThatConflictsIsDroppedAndTheRestRetried(int conflictIndex)
    {
        _failures.Enqueue(LedgerTableMock.Conflict(conflictIndex));
        var revocation = RevocationRecord.Create(Call, "token", _clock.Now, null);

        var result = await Ledger().CommitAsync(Call, [revocation], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Equal(2, _submitted.Count);
        Assert.Equal(5, _submitted[0].Count);
        Assert.Equal(
            [LedgerKeys.UsagePrefix, NonceKey, LedgerKeys.Expiry(_clock.Now.AddMinutes(31), NonceKey)],
            _submitted[1].Select((a, i) => i == 0 ? a.Entity.RowKey[..2] : a.Entity.RowKey));
    }

    [Fact]
    public async Task AConflictOnAWriteThatMustNotBeDroppedFailsTheCall()
    {
        _failures.Enqueue(LedgerTableMock.Conflict(3));
        var write = new LedgerWrite(new LedgerEntity { RowKey = "r|unique" }, KeepExisting: false, ExpiresAt: null);

        await Assert.ThrowsAsync<TableTransactionFailedException>(() => Ledger().CommitAsync(Call, [write], CancellationToken.None));
    }

    [Fact]
    public async Task AStoreFailureOtherThanAConflictIsNotRetriedByTheLedger()
    {
        // The SDK already retried it (MaxRetries); the gateway maps it to SystemOverFlow.
        _failures.Enqueue(new RequestFailedException(503, "The server is busy.", "ServerBusy", null));

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => Ledger().CommitAsync(Call, [], CancellationToken.None));

        Assert.Equal(503, failure.Status);
        Assert.Single(_submitted);
    }

    [Fact]
    public async Task ACommitThatFailsAfterItsTransactionWasSentIsHandedToTheFenceWithEveryRowItCouldHaveAdded()
    {
        _failures.Enqueue(new TaskCanceledException("the call budget ran out"));
        var revocation = RevocationRecord.Create(Call, "token", _clock.Now, null);

        await Assert.ThrowsAsync<TaskCanceledException>(() => Ledger().CommitAsync(Call, [revocation], CancellationToken.None));

        var sent = Assert.Single(_submitted);
        _fences.Verify(f => f.Start(It.Is<UnsettledCommit>(c =>
            c.AccountId == Call.AccountId && c.RequestId == Call.RequestId && c.NonceKey == NonceKey
            && c.SlotKeys.SequenceEqual(new[] { sent[0].Entity.RowKey }) && c.Writes.Single() == revocation)), Times.Once);
    }

    [Fact]
    public async Task ACallRefusedBeforeItsCommitWasSentStartsNoFence()
    {
        var result = await Ledger(limit: 0).CommitAsync(Call, [], CancellationToken.None);

        Assert.Equal(CommitStatus.Throttled, result.Status);
        _fences.Verify(f => f.Start(It.IsAny<UnsettledCommit>()), Times.Never);
    }

    [Fact]
    public async Task ARecordThatExistsIsReliedOnThroughTheSettleRowOfTheCallThatCreatedIt()
    {
        var revocation = RevocationRecord.Create(Call, "token", _clock.Now, null);
        var expires = _clock.Now.AddDays(3);
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(Call.AccountId, revocation.Entity.RowKey, It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => LedgerTableMock.Found(new LedgerEntity { RequestId = "FIRST-REVOCATION", ExpiresAt = expires }));
        _failures.Enqueue(LedgerTableMock.Conflict(3));

        var result = await Ledger().CommitAsync(Call, [revocation], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        var retried = _submitted[1].Skip(3).Select(a => a.Entity.RowKey).ToList();
        Assert.Equal([LedgerKeys.Settle("FIRST-REVOCATION"), LedgerKeys.Expiry(expires, LedgerKeys.Settle("FIRST-REVOCATION"))], retried);
        Assert.Equal(Call.RequestId, ((TableEntity)_submitted[1][3].Entity).GetString("RequestId"));
    }

    [Fact]
    public async Task ARecordWithdrawnBeforeTheCallCouldRelyOnItIsWrittenAfterAll()
    {
        var revocation = RevocationRecord.Create(Call, "token", _clock.Now, null);
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(Call.AccountId, revocation.Entity.RowKey, It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => LedgerTableMock.Found(new LedgerEntity { RequestId = "LATE-REVOCATION" }));
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(Call.AccountId, LedgerKeys.Settle("LATE-REVOCATION"), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => LedgerTableMock.Found(new LedgerEntity { RequestId = "LATE-REVOCATION", Aborted = true }));
        _failures.Enqueue(LedgerTableMock.Conflict(3));
        _failures.Enqueue(LedgerTableMock.Conflict(3));

        var result = await Ledger().CommitAsync(Call, [revocation], CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, result.Status);
        Assert.Equal(3, _submitted.Count);
        Assert.Equal(LedgerKeys.Settle("LATE-REVOCATION"), _submitted[1][3].Entity.RowKey);
        Assert.Equal(revocation.Entity.RowKey, _submitted[2][3].Entity.RowKey);
    }

    [Fact]
    public async Task ACommittedSlotIsNotTriedAgainByTheSameProcessInTheSameSecond()
    {
        var ledger = Ledger();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(CommitStatus.Committed, (await ledger.CommitAsync(Call with { Nonce = "n" + i }, [], CancellationToken.None)).Status);
        }

        Assert.Equal([0, 1, 2, 3, 4], _submitted.Select(SlotOf).Order());
        Assert.Equal(CommitStatus.Throttled, (await ledger.CommitAsync(Call with { Nonce = "n5" }, [], CancellationToken.None)).Status);
        Assert.Equal(5, _submitted.Count);
    }

    private CallLedger Ledger(int limit = 5) =>
        new(_store.Tables, Mock.Of<IOptionsMonitor<RateLimitOptions>>(o => o.CurrentValue == new RateLimitOptions { RevokeToken = limit }), _clock, _fences.Object);

    private static int SlotOf(List<TableTransactionAction> transaction) => LedgerKeys.ParseUsage(transaction[0].Entity.RowKey).Slot;

    private static LedgerEntity SlotRow(int slot, string requestId) =>
        new() { PartitionKey = Call.AccountId, RowKey = LedgerKeys.Usage(Second, Call.Action, slot), RequestId = requestId };
}
