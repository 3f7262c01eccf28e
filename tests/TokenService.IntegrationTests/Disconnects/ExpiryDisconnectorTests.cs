using Microsoft.Extensions.DependencyInjection;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Storage;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// <see cref="ExpiryDisconnector"/>: RabbitMQ does not end a connection at its token's expiry, so
/// the sweep closes it, once, through the Sessions table's expiry entries; a session renewed by a
/// later CONNECT is left alone.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class ExpiryDisconnectorTests(StoreFixture store) : DisconnectTestBase(store)
{
    private static readonly string[] Token = ["device-token"];

    [Fact]
    public async Task AnExpiredRabbitMqSessionIsClosedOnceAndItsEntryMarked()
    {
        var process = ProcessWith(Rabbit, Emqx);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        var session = await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Token, expires);
        // EMQX ends its connections at expire_at itself: never asked.
        await ConnectAsync(process, tenant, BrokerNames.Emqx, "device-2", Token, expires);
        var expiry = process.GetRequiredService<ExpiryDisconnector>();

        var beforeExpiry = await expiry.CloseExpiredAsync(CancellationToken.None);
        Clock.Set(expires.AddSeconds(1));
        var first = await expiry.CloseExpiredAsync(CancellationToken.None);
        var second = await expiry.CloseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, beforeExpiry);
        Assert.Equal(1, first);
        Assert.Equal(0, second);
        var call = Assert.Single(Rabbit.Calls);
        Assert.Equal(ExpiryDisconnector.Reason, call.Reason);
        Assert.Equal([SessionTarget.Of(session)], call.Targets);
        Assert.Empty(Emqx.Calls);
        Assert.True(await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires));
    }

    [Fact]
    public async Task ASessionRenewedByALaterConnectIsNotClosed()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Token, expires);
        Clock.Advance(TimeSpan.FromSeconds(30));
        var renewed = Clock.GetUtcNow().AddHours(1);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", ["renewed-token"], renewed);

        Clock.Set(expires.AddSeconds(1));
        var closed = await process.GetRequiredService<ExpiryDisconnector>().CloseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, closed);
        Assert.Empty(Rabbit.Calls);
        // The old entry needs nothing more; the renewed session's entry waits for its own time.
        Assert.True(await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires));
        Assert.False(await ClosedAsync(BrokerNames.RabbitMq, "device-1", renewed));
    }

    [Fact]
    public async Task ASessionExpiringLaterInTheCurrentSecondIsLeftForTheNextSweep()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var second = Clock.GetUtcNow().AddMinutes(1);
        var expires = second.AddMilliseconds(700);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Token, expires);
        var expiry = process.GetRequiredService<ExpiryDisconnector>();

        Clock.Set(second.AddMilliseconds(300));
        var early = await expiry.CloseExpiredAsync(CancellationToken.None);
        var markedEarly = await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires);
        Clock.Set(second.AddMilliseconds(800));
        var due = await expiry.CloseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.False(markedEarly);
        Assert.Equal(1, due);
        Assert.Equal(["device-1"], Rabbit.ClientIds);
        Assert.True(await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires));
    }

    [Fact]
    public async Task ABrokerFailureLeavesTheEntryForTheNextSweep()
    {
        var (expiry, expires) = await OneSessionPastItsExpiryAsync();

        Rabbit.Failure = new HttpRequestException("management API down");
        var failed = await expiry.CloseExpiredAsync(CancellationToken.None);
        var markedAfterFailure = await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires);
        Rabbit.Failure = null;
        var retried = await expiry.CloseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, failed);
        Assert.False(markedAfterFailure);
        Assert.Equal(1, retried);
        Assert.Equal(2, Rabbit.Calls.Count);
        Assert.True(await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires));
    }

    [Fact]
    public async Task AConnectionNotListedAtExpiryIsLookedForAgainAndOneGoneIsMarkedWithoutCounting()
    {
        var (expiry, expires) = await OneSessionPastItsExpiryAsync();

        Rabbit.Answer = _ => CloseOutcome.NotListedYet;
        var notListed = await expiry.CloseExpiredAsync(CancellationToken.None);
        var markedNotListed = await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires);
        Rabbit.Answer = _ => CloseOutcome.Gone;
        var gone = await expiry.CloseExpiredAsync(CancellationToken.None);
        var afterGone = await expiry.CloseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, notListed);
        Assert.False(markedNotListed);
        Assert.Equal(0, gone);
        Assert.Equal(0, afterGone);
        Assert.Equal(2, Rabbit.Calls.Count);
        Assert.True(await ClosedAsync(BrokerNames.RabbitMq, "device-1", expires));
    }

    [Fact]
    public async Task AnEntryOlderThanTheLookbackIsNotClosed()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Token, expires);

        Clock.Set(expires + TimeSpan.FromHours(new RabbitMqOptions().CloseExpiredWithinHours) + TimeSpan.FromSeconds(1));
        var closed = await process.GetRequiredService<ExpiryDisconnector>().CloseExpiredAsync(CancellationToken.None);

        Assert.Equal(0, closed);
        Assert.Empty(Rabbit.Calls);
    }

    /// <summary>Whether the session's expiry entry for this expiry time is marked handled (it must exist).</summary>
    /// <summary>A RabbitMQ session of device-1 whose token expired a second ago, and the expiry closer of its process.</summary>
    private async Task<(ExpiryDisconnector Expiry, DateTimeOffset Expires)> OneSessionPastItsExpiryAsync()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddMinutes(1);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Token, expires);
        var expiry = process.GetRequiredService<ExpiryDisconnector>();
        Clock.Set(expires.AddSeconds(1));
        return (expiry, expires);
    }

    private async Task<bool> ClosedAsync(string broker, string clientId, DateTimeOffset expires)
    {
        var sessionId = SessionKeys.SessionId(broker, clientId);
        var entry = await Get<TableSet>().Sessions.GetEntityAsync<SessionEntity>(SessionKeys.ExpiryBucket(sessionId), SessionKeys.Expiry(expires, sessionId));
        return entry.Value.Closed == true;
    }
}
