using Microsoft.Extensions.DependencyInjection;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Revocations;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// The durable half of a disconnect: RevokeToken writes its <c>d|</c> intent and the intent's expiry
/// index in the call's own ledger transaction, only when a broker API is configured and only when
/// the call is admitted; the purge takes an expired intent along.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class RevokeTokenIntentTests(StoreFixture store) : DisconnectTestBase(store)
{
    [Fact]
    public async Task RevokeWithABrokerApiWritesTheIntentAndItsIndexNextToTheRevocationRecord()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var token = await ApplyAsync(process, tenant, Clock.GetUtcNow().AddMinutes(10));
        var expires = process.GetRequiredService<TokenCodec>().ReadExpiry(token)!.Value;
        var revokedAt = Clock.GetUtcNow();

        await RevokeAsync(process, tenant, token);

        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        var row = Assert.Single(await Services.LedgerAsync(tenant.AccountId, LedgerKeys.DisconnectPrefix));
        Assert.Equal(LedgerKeys.Disconnect(tenant.InstanceId, TokenHash.Of(token)), row.RowKey);
        Assert.Equal(tenant.InstanceId, row.InstanceId);
        Assert.Equal(revokedAt, row.RevokedAt);
        Assert.Equal(record.RevokedAt, row.RevokedAt);
        Assert.Equal(expires, row.ExpiresAt);
        Assert.Equal(record.ExpiresAt, row.ExpiresAt);
        Assert.Equal(record.RequestId, row.RequestId);
        Assert.Contains(record.RequestId, (await Services.UsageAsync(tenant.AccountId)).Select(u => u.RequestId));
        Assert.Equal([LedgerKeys.Expiry(expires, row.RowKey)], await IntentIndexKeysAsync(tenant));
        Assert.Equal(new DisconnectIntent(tenant.AccountId, tenant.InstanceId, TokenHash.Of(token), revokedAt, expires), DisconnectIntent.FromRow(row));
        // Handed to this process's dispatcher right after the commit.
        Assert.Equal(1, process.GetRequiredService<DisconnectDispatcher>().Held);
    }

    [Fact]
    public async Task RevokeOfAnOpaqueTokenKeepsTheIntentAsLongAsTheRecord()
    {
        var process = ProcessWith(Emqx);
        var tenant = await NewTenantAsync();

        await RevokeAsync(process, tenant, "opaque-token");

        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        var intent = await SingleIntentAsync(tenant);
        Assert.Equal(record.ExpiresAt, intent.ExpiresAt);
        Assert.Equal(Clock.GetUtcNow() + RevocationRecord.UnknownExpiryRetention, intent.ExpiresAt);
    }

    [Fact]
    public async Task RevokeWithoutABrokerApiWritesNoIntent()
    {
        var process = ProcessWith();
        var tenant = await NewTenantAsync();

        await RevokeAsync(process, tenant, "device-token");

        Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await IntentIndexKeysAsync(tenant));
        Assert.Equal(0, process.GetRequiredService<DisconnectDispatcher>().Held);
    }

    [Fact]
    public async Task RevokeTwiceWhileTheIntentIsPendingKeepsTheFirstIntent()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await RevokeAsync(process, tenant, "device-token");
        var first = await SingleIntentAsync(tenant);

        Clock.Advance(TimeSpan.FromSeconds(5));
        await RevokeAsync(process, tenant, "device-token");

        Assert.Equal(first, await SingleIntentAsync(tenant));
        Assert.Single(await IntentIndexKeysAsync(tenant));
    }

    [Fact]
    public async Task ARevokeWithABadSignatureWritesNothing()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var before = await SnapshotAsync(tenant);

        var outcome = await InProcessCall.RunAsync(process, tenant with { Secret = "not-the-secret" }, "RevokeToken", Revoke(tenant, "device-token"));

        Assert.Equal("SignatureDoesNotMatch", outcome.Error?.Code);
        Assert.Equal(before, await SnapshotAsync(tenant));
        Assert.Empty(await IntentsAsync(tenant));
    }

    [Fact]
    public async Task AThrottledRevokeWritesNoIntent()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        // The clock stands still: every call is in the same second, whose limit is 5 RevokeTokens.
        for (var i = 0; i < 5; i++)
        {
            await RevokeAsync(process, tenant, "admitted-" + i);
        }

        var before = await SnapshotAsync(tenant);

        var outcome = await InProcessCall.RunAsync(process, tenant, "RevokeToken", Revoke(tenant, "throttled"));

        Assert.Equal("RevokeTokenOverFlow", outcome.Error?.Code);
        Assert.Equal(before, await SnapshotAsync(tenant));
        Assert.Equal(5, (await IntentsAsync(tenant)).Count);
        Assert.DoesNotContain(TokenHash.Of("throttled"), (await IntentsAsync(tenant)).Select(i => i.TokenHash));
    }

    [Fact]
    public async Task ARevokeWithAReplayedNonceWritesNoIntent()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var nonce = Guid.NewGuid().ToString();
        Assert.Null((await InProcessCall.RunAsync(process, tenant, "RevokeToken", Revoke(tenant, "first"), nonce: nonce)).Error);
        var before = await SnapshotAsync(tenant);

        Clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = await InProcessCall.RunAsync(process, tenant, "RevokeToken", Revoke(tenant, "replayed"), nonce: nonce);

        Assert.Equal("SignatureNonceUsed", outcome.Error?.Code);
        Assert.Equal(before, await SnapshotAsync(tenant));
        Assert.Equal(TokenHash.Of("first"), (await SingleIntentAsync(tenant)).TokenHash);
        Assert.Equal(1, process.GetRequiredService<DisconnectDispatcher>().Held);
    }

    [Fact]
    public async Task ThePurgeRemovesAnExpiredIntentWithItsIndexWithoutCountingItAsARevocation()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var t0 = Clock.GetUtcNow();
        var shortLived = await ApplyAsync(process, tenant, t0.AddSeconds(90));
        var longLived = await ApplyAsync(process, tenant, t0.AddMinutes(20));
        await RevokeAsync(process, tenant, shortLived);
        await RevokeAsync(process, tenant, longLived);
        Assert.Equal(2, (await IntentsAsync(tenant)).Count);

        Clock.Set(t0.AddMinutes(5));
        var report = await process.GetRequiredService<ExpiryPurger>().PurgeAsync();

        // One revocation record and two index entries (the record's and the intent's); the nonces live 31 minutes.
        Assert.Equal(new PurgeReport(1, 0, 1, 2), report);
        Assert.Equal(TokenHash.Of(longLived), (await SingleIntentAsync(tenant)).TokenHash);
        var index = Assert.Single(await IntentIndexKeysAsync(tenant));
        Assert.EndsWith(LedgerKeys.Disconnect(tenant.InstanceId, TokenHash.Of(longLived)), index, StringComparison.Ordinal);
        Assert.Equal(LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of(longLived)), Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).RowKey);
    }

    /// <summary>Every row of the account's ledger partition, with its ETag: any write shows.</summary>
    private async Task<List<string>> SnapshotAsync(Tenant tenant) =>
        [.. (await Services.LedgerAsync(tenant.AccountId)).Select(r => r.RowKey + " " + r.ETag).Order(StringComparer.Ordinal)];
}
