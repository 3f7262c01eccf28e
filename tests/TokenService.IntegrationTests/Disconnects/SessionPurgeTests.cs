using Microsoft.Extensions.DependencyInjection;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Storage;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// The session purge and the expiry sweep together, with RabbitMQ's management API configured:
/// RabbitMQ does not end a connection at its token's expiry, so the purge must not take away the
/// expiry entry (and the session it names) before the sweep has closed that connection.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class SessionPurgeTests(StoreFixture store) : DisconnectTestBase(store, new Dictionary<string, string>
{
    ["Brokers__RabbitMq__ManagementUrl"] = "http://127.0.0.1:9/",
    ["Brokers__RabbitMq__AdminUsername"] = "svc-admin",
    ["Brokers__RabbitMq__AdminPassword"] = "svc-password",
})
{
    [Fact]
    public async Task ThePurgeLeavesAnExpiredRabbitMqSessionUntilTheSweepHasClosedItsConnection()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        var session = await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", ["device-token"], expires);
        var expiry = process.GetRequiredService<ExpiryDisconnector>();
        var purger = process.GetRequiredService<SessionPurger>();
        Clock.Set(expires.AddSeconds(1));

        // The management API is down at expiry, and the purge's timer fires meanwhile.
        Rabbit.Failure = new HttpRequestException("management API down");
        var closedWhileDown = await expiry.CloseExpiredAsync(CancellationToken.None);
        var purgedWhileOpen = await purger.PurgeAsync();
        Rabbit.Failure = null;
        var closedLater = await expiry.CloseExpiredAsync(CancellationToken.None);
        var purgedOnceClosed = await purger.PurgeAsync();

        Assert.Equal(0, closedWhileDown);
        Assert.Equal(0, purgedWhileOpen);
        Assert.Equal(1, closedLater);
        Assert.Equal([SessionTarget.Of(session)], Rabbit.Calls[^1].Targets);
        Assert.Equal(1, purgedOnceClosed);
        Assert.Null(await process.GetRequiredService<SessionStore>().FindAsync(BrokerNames.RabbitMq, "device-1", CancellationToken.None));
        Assert.Empty(await ExpiryEntriesAsync());
    }

    [Fact]
    public async Task ThePurgeRemovesAnUnclosedSessionOnceTheSweepNoLongerLooksForIt()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", ["device-token"], expires);

        Clock.Set(expires + TimeSpan.FromHours(new RabbitMqOptions().CloseExpiredWithinHours) + TimeSpan.FromSeconds(1));
        var purged = await process.GetRequiredService<SessionPurger>().PurgeAsync();

        Assert.Equal(1, purged);
        Assert.Empty(await ExpiryEntriesAsync());
    }

    [Fact]
    public async Task ThePurgeRemovesExpiredSessionsOfBrokersThatEndConnectionsThemselves()
    {
        var process = ProcessWith(Rabbit, Emqx);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        await ConnectAsync(process, tenant, BrokerNames.Emqx, "device-1", ["device-token"], expires);

        Clock.Set(expires.AddSeconds(1));
        var purged = await process.GetRequiredService<SessionPurger>().PurgeAsync();

        Assert.Equal(1, purged);
        Assert.Empty(await ExpiryEntriesAsync());
    }

    private async Task<List<string>> ExpiryEntriesAsync()
    {
        var keys = new List<string>();
        await foreach (var row in Get<TableSet>().Sessions.QueryAsync<SessionEntity>(e => e.PartitionKey.CompareTo(SessionKeys.ExpiryPrefix) >= 0 && e.PartitionKey.CompareTo(SessionKeys.ExpiryPrefix + "~") < 0))
        {
            keys.Add(row.PartitionKey + " " + row.RowKey);
        }

        return keys;
    }
}
