using Azure;
using Azure.Data.Tables;
using Moq;
using TokenService.Accounts;
using TokenService.Ledger;

namespace TokenService.Tests.Ledger;

/// <summary>
/// <see cref="ExpiryPurger"/> over a Moq'd table: the expiry index has whole seconds, so the range
/// it reads can hold an entry whose target expires later in the second the purge runs in.
/// </summary>
public class ExpiryPurgerTests
{
    private const string Account = "acct-1";
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly string NonceKey = LedgerKeys.Nonce("AKID-1", "nonce-1");

    private readonly LedgerTableMock _store = new();
    private readonly List<List<TableTransactionAction>> _submitted = [];
    private readonly List<LedgerEntity> _index = [];
    private LedgerEntity? _target;

    public ExpiryPurgerTests()
    {
        _store.Table
            .Setup(t => t.QueryAsync<AccountEntity>(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => LedgerTableMock.Rows(new AccountEntity { PartitionKey = Account }));
        _store.Table
            .Setup(t => t.QueryAsync<LedgerEntity>(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => LedgerTableMock.Rows([.. _index]));
        _store.Table
            .Setup(t => t.GetEntityIfExistsAsync<LedgerEntity>(Account, NonceKey, It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns(() => _target is null ? LedgerTableMock.Missing<LedgerEntity>() : LedgerTableMock.Found(_target));
        _store.Table
            .Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<TableTransactionAction> actions, CancellationToken _) =>
            {
                _submitted.Add(actions.ToList());
                return LedgerTableMock.Accepted();
            });
    }

    [Fact]
    public async Task AnExpiredNonceIsDeletedUnderItsETagWithItsIndexEntry()
    {
        var expires = Noon.AddMinutes(-1);
        Index(expires);
        _target = Nonce(expires);

        var report = await Purger(Noon.AddMilliseconds(400)).PurgeAsync();

        Assert.Equal((1, 0, 1), (report.Nonces, report.Revocations, report.IndexEntries));
        var batch = Assert.Single(_submitted);
        Assert.Equal([NonceKey, LedgerKeys.Expiry(expires, NonceKey)], batch.Select(a => a.Entity.RowKey));
        Assert.All(batch, a => Assert.Equal(TableTransactionActionType.Delete, a.ActionType));
        Assert.Equal(_target.ETag, batch[0].ETag);
    }

    [Fact]
    public async Task AnIndexEntryOfANonceReusedSinceIsDeletedAndTheNewerNonceKept()
    {
        var expires = Noon.AddMinutes(-1);
        Index(expires);
        _target = Nonce(Noon.AddMinutes(20));

        var report = await Purger(Noon.AddMilliseconds(400)).PurgeAsync();

        Assert.Equal((0, 1), (report.Nonces, report.IndexEntries));
        Assert.Equal([LedgerKeys.Expiry(expires, NonceKey)], Assert.Single(_submitted).Select(a => a.Entity.RowKey));
    }

    [Fact]
    public async Task ANonceExpiringLaterInTheSecondOfThePurgeKeepsItsIndexEntryForTheNextPurge()
    {
        var expires = Noon.AddMilliseconds(900);
        Index(expires);
        _target = Nonce(expires);

        var early = await Purger(Noon.AddMilliseconds(400)).PurgeAsync();

        // Dropping the entry now would leave the nonce behind for good: the purge finds rows only
        // through the index.
        Assert.Equal((0, 0), (early.Nonces, early.IndexEntries));
        Assert.Empty(_submitted);

        var later = await Purger(Noon.AddSeconds(1)).PurgeAsync();

        Assert.Equal((1, 1), (later.Nonces, later.IndexEntries));
        Assert.Equal([NonceKey, LedgerKeys.Expiry(expires, NonceKey)], Assert.Single(_submitted).Select(a => a.Entity.RowKey));
    }

    private ExpiryPurger Purger(DateTimeOffset now) => new(_store.Tables, new FixedClock(now));

    private void Index(DateTimeOffset expires) =>
        _index.Add(new LedgerEntity { PartitionKey = Account, RowKey = LedgerKeys.Expiry(expires, NonceKey) });

    private static LedgerEntity Nonce(DateTimeOffset expires) =>
        new() { PartitionKey = Account, RowKey = NonceKey, ExpiresAt = expires, ETag = new ETag("W/\"1\"") };
}
