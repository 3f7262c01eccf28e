using Microsoft.Extensions.DependencyInjection;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// <see cref="DisconnectSweeper"/>: a process other than the one that committed a revocation takes
/// its intent over once it is <see cref="DisconnectOptions.TakeOverSeconds"/> old (the committing
/// process died, or its broker was down), and holds it until it is done.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class DisconnectSweeperTests(StoreFixture store) : DisconnectTestBase(store)
{
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(new DisconnectOptions().TakeOverSeconds);

    [Fact]
    public async Task TheSweepTakesOverOnlyIntentsOlderThanTheTakeOverTimeAndEachOnlyOnceWhileHeld()
    {
        var committing = ProcessWith(Rabbit);
        var sweeping = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var another = await NewTenantAsync();
        var t0 = Clock.GetUtcNow();
        await RevokeAsync(committing, tenant, "early");
        await RevokeAsync(committing, another, "early-elsewhere");
        Clock.Set(t0 + TakeOver / 2);
        await RevokeAsync(committing, tenant, "late");
        var sweeper = sweeping.GetRequiredService<DisconnectSweeper>();
        var held = sweeping.GetRequiredService<DisconnectDispatcher>();

        Clock.Set(t0 + TakeOver - TimeSpan.FromSeconds(1));
        var tooYoung = await sweeper.SweepAsync(CancellationToken.None);
        var heldTooYoung = held.Held;
        Clock.Set(t0 + TakeOver + TimeSpan.FromSeconds(1));
        var first = await sweeper.SweepAsync(CancellationToken.None);
        var again = await sweeper.SweepAsync(CancellationToken.None);
        Clock.Set(t0 + TakeOver * 1.5 + TimeSpan.FromSeconds(1));
        var late = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(0, 0), tooYoung);
        Assert.Equal(0, heldTooYoung);
        Assert.Equal(new SweepReport(2, 0), first);
        Assert.Equal(new SweepReport(0, 0), again);
        Assert.Equal(new SweepReport(1, 0), late);
        Assert.Equal(3, held.Held);
        // Taking over is not carrying out: the intents stay until the dispatcher is done with them.
        Assert.Equal(2, (await IntentsAsync(tenant)).Count);
        Assert.Empty(Rabbit.Calls);
    }

    [Fact]
    public async Task AnIntentTheSweepingProcessAlreadyHoldsIsNotTakenOver()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await RevokeAsync(process, tenant, "revoked-token");

        Clock.Advance(TakeOver * 2);
        var report = await process.GetRequiredService<DisconnectSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(0, 0), report);
        Assert.Equal(1, process.GetRequiredService<DisconnectDispatcher>().Held);
    }

    [Fact]
    public async Task AProcessWithoutBrokerApisSweepsNothing()
    {
        var committing = ProcessWith(Rabbit);
        var sweeping = ProcessWith();
        var tenant = await NewTenantAsync();
        await RevokeAsync(committing, tenant, "revoked-token");
        await ConnectAsync(committing, tenant, BrokerNames.RabbitMq, "device-1", ["other-token"], Clock.GetUtcNow().AddSeconds(5));

        Clock.Advance(TakeOver * 2);
        var report = await sweeping.GetRequiredService<DisconnectSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(0, 0), report);
        Assert.Equal(0, sweeping.GetRequiredService<DisconnectDispatcher>().Held);
        Assert.Single(await IntentsAsync(tenant));
    }

    [Fact]
    public async Task TheSweepAlsoClosesTheConnectionsOfExpiredTokens()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", ["device-token"], Clock.GetUtcNow().AddSeconds(5));

        Clock.Advance(TimeSpan.FromSeconds(6));
        var report = await process.GetRequiredService<DisconnectSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepReport(0, 1), report);
        Assert.Equal([ExpiryDisconnector.Reason], Rabbit.Calls.Select(c => c.Reason));
    }
}
