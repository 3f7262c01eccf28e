using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TokenService.Brokers;
using TokenService.Functions;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;

namespace TokenService.IntegrationTests.Functions;

/// <summary>
/// The timer function, invoked in process as the worker invokes it, over the test's tables: it
/// removes what has expired and nothing else. (The published package's timer invocation through
/// the host protocol is tested by tests/package.)
/// </summary>
[Collection(SharedStore.Name)]
public sealed class PurgeExpiredFunctionTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public async Task TimerInvocationPurgesExpiredNoncesAndRevocationsAndKeepsTheMeter()
    {
        var tenant = await NewTenantAsync();
        // Seeded 40 minutes in the past: the nonces, and the revocation of a token that expired
        // 38 minutes ago, are all past their retention by the real clock.
        var past = new FakeClock(DateTimeOffset.UtcNow.AddMinutes(-40));
        await using (var earlier = Settings.BuildServices(past))
        {
            var applied = await InProcessCall.RunAsync(earlier, tenant, "ApplyToken", new Dictionary<string, string>
            {
                ["Resources"] = "a/b",
                ["InstanceId"] = tenant.InstanceId,
                ["ExpireTime"] = past.GetUtcNow().AddMinutes(2).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                ["Actions"] = "R",
            });
            var token = (string)applied.Response!.Fields.Single(f => f.Key == "Token").Value;
            Assert.Null((await InProcessCall.RunAsync(earlier, tenant, "RevokeToken",
                new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = tenant.InstanceId })).Error);
        }

        var seeded = await Services.LedgerAsync(tenant.AccountId);
        var function = new PurgeExpiredFunction(Services.GetRequiredService<ExpiryPurger>(), Services.GetRequiredService<SessionPurger>(), NullLogger<PurgeExpiredFunction>.Instance);
        await function.RunAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);
        var after = await Services.LedgerAsync(tenant.AccountId);

        Assert.Equal(2 + 2 + 2 + 2, seeded.Count); // 2 usage slots, 2 nonces, 1 revocation, 3 index rows
        Assert.Equal(2, after.Count);
        Assert.All(after, row => Assert.StartsWith(LedgerKeys.UsagePrefix, row.RowKey, StringComparison.Ordinal));
    }
}
