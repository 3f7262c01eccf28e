using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Tokens;

/// <summary>
/// Retention (docs/contract.md §6.4): nonces and revocation records are kept as long as they matter and purged
/// after. Records are seeded through the real service; the purge runs in this process over the
/// same tables with a clock the test sets, so "31 minutes later" needs no waiting. Each test has
/// its own tables, so whole-table counts are exact.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class PurgeTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public async Task PurgeRemovesExactlyTheExpiredRecordsAndTheirIndexRowsAndIsHarmlessTwice()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var t0 = DateTimeOffset.UtcNow;
        var shortLived = await ApplyAsync(client, tenant, t0.AddSeconds(90));
        var longLived = await ApplyAsync(client, tenant, t0.AddMinutes(10));
        ApiAssert.Success(await client.RevokeAsync(shortLived, tenant.InstanceId));
        ApiAssert.Success(await client.RevokeAsync(longLived, tenant.InstanceId));
        ApiAssert.Success(await client.RevokeAsync("opaque-token", tenant.InstanceId));
        var seeded = await RowKeysAsync(tenant);
        var shortRecord = Revocation(tenant, shortLived);
        var longRecord = Revocation(tenant, longLived);
        var opaqueRecord = Revocation(tenant, "opaque-token");
        Assert.Equal(5 + 5 + 5 + 3 + 3, seeded.Count); // 5 calls' usage slots, nonces and their index rows; 3 revocations and theirs

        var clock = new FakeClock(t0.AddMinutes(5));
        await using var later = Settings.BuildServices(clock);
        var purger = later.GetRequiredService<ExpiryPurger>();
        var first = await purger.PurgeAsync();
        var afterFirst = await RowKeysAsync(tenant);
        var again = await purger.PurgeAsync();
        var afterAgain = await RowKeysAsync(tenant);

        Assert.Equal(new PurgeReport(1, 0, 1, 1), first);
        Assert.Equal(seeded.Where(k => !k.EndsWith(shortRecord, StringComparison.Ordinal)), afterFirst);
        Assert.Contains(longRecord, afterFirst);
        Assert.Equal(new PurgeReport(1, 0, 0, 0), again);
        Assert.Equal(afterFirst, afterAgain);

        clock.Set(t0.AddMinutes(32));
        var second = await purger.PurgeAsync();
        var afterSecond = await RowKeysAsync(tenant);

        Assert.Equal(new PurgeReport(1, 5, 1, 6), second);
        Assert.Equal(
            seeded.Where(k => k.StartsWith(LedgerKeys.UsagePrefix, StringComparison.Ordinal) || k.EndsWith(opaqueRecord, StringComparison.Ordinal)),
            afterSecond);
        Assert.Equal(5 + 2, afterSecond.Count);
    }

    [Fact]
    public async Task ExpiredTokensStayFalseWhetherOrNotTheirRecordsArePurged()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var t0 = DateTimeOffset.UtcNow;
        var revokedShort = await ApplyAsync(client, tenant, t0.AddSeconds(90));
        var unrevokedShort = await ApplyAsync(client, tenant, t0.AddSeconds(90));
        var revokedLong = await ApplyAsync(client, tenant, t0.AddMinutes(10));
        ApiAssert.Success(await client.RevokeAsync(revokedShort, tenant.InstanceId));
        ApiAssert.Success(await client.RevokeAsync(revokedLong, tenant.InstanceId));
        var clock = new FakeClock(t0.AddSeconds(30));
        await using var later = Settings.BuildServices(clock);

        var beforeExpiry = await StatusesAsync(later, tenant, revokedShort, unrevokedShort, revokedLong);
        clock.Set(t0.AddMinutes(5));
        var expiredUnpurged = await StatusesAsync(later, tenant, revokedShort, unrevokedShort, revokedLong);
        await later.GetRequiredService<ExpiryPurger>().PurgeAsync();
        var expiredPurged = await StatusesAsync(later, tenant, revokedShort, unrevokedShort, revokedLong);
        var revocations = await Services.RevocationsAsync(tenant.AccountId);

        Assert.Equal([false, true, false], beforeExpiry);
        Assert.Equal([false, false, false], expiredUnpurged);
        Assert.Equal([false, false, false], expiredPurged);
        // Only the expired token's record went; the revoked, still-live token keeps its record.
        Assert.Equal(Revocation(tenant, revokedLong), Assert.Single(revocations).RowKey);
    }

    [Fact]
    public async Task NonceMayBeReusedOnlyAfterThirtyOneMinutesWhetherOrNotItWasPurged()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var t0 = DateTimeOffset.UtcNow;
        var (kept, purged) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        foreach (var nonce in new[] { kept, purged })
        {
            ApiAssert.Success(await client.SendAsync("POST", client.Sign("POST",
                client.Parameters("RevokeToken", Business("t-" + nonce, tenant), timestamp: t0, nonce: nonce))));
        }

        var clock = new FakeClock(t0.AddMinutes(30));
        await using var later = Settings.BuildServices(clock);
        var tooSoon = await InProcessCall.RunAsync(later, tenant, "RevokeToken", Business("again", tenant), nonce: kept);
        clock.Set(t0.AddMinutes(32));
        var reusedUnpurged = await InProcessCall.RunAsync(later, tenant, "RevokeToken", Business("again", tenant), nonce: kept);
        var report = await later.GetRequiredService<ExpiryPurger>().PurgeAsync();
        var reusedPurged = await InProcessCall.RunAsync(later, tenant, "RevokeToken", Business("after-purge", tenant), nonce: purged);

        Assert.Equal("SignatureNonceUsed", tooSoon.Error?.Code);
        Assert.Null(reusedUnpurged.Error);
        Assert.Equal(1, report.Nonces);
        Assert.Null(reusedPurged.Error);
        Assert.Contains(Revocation(tenant, "again"), (await Services.RevocationsAsync(tenant.AccountId)).Select(r => r.RowKey));
        // Each nonce row is now the reuse's own, kept for 31 minutes from it.
        Assert.All(await Services.LedgerAsync(tenant.AccountId, LedgerKeys.NoncePrefix),
            n => Assert.Equal(t0.AddMinutes(32 + 31), n.ExpiresAt!.Value, TimeSpan.FromSeconds(1)));
    }

    private static async Task<bool[]> StatusesAsync(IServiceProvider services, Tenant tenant, params string[] tokens)
    {
        var statuses = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            statuses[i] = await InProcessCall.TokenStatusAsync(services, tenant, tokens[i]);
        }

        return statuses;
    }

    private static Dictionary<string, string> Business(string token, Tenant tenant) =>
        new() { ["Token"] = token, ["InstanceId"] = tenant.InstanceId };

    private static string Revocation(Tenant tenant, string token) => LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of(token));

    private static async Task<string> ApplyAsync(SignedClient client, Tenant tenant, DateTimeOffset expires)
    {
        var response = await client.CallAsync("ApplyToken", new Dictionary<string, string>
        {
            ["Resources"] = "devices/d1/#",
            ["InstanceId"] = tenant.InstanceId,
            ["ExpireTime"] = expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["Actions"] = "R",
        });
        ApiAssert.Success(response, "Token");
        return response.Field("Token")!;
    }

    private async Task<List<string>> RowKeysAsync(Tenant tenant) =>
        (await Services.LedgerAsync(tenant.AccountId)).Select(r => r.RowKey).Order(StringComparer.Ordinal).ToList();
}
