using Microsoft.Extensions.DependencyInjection;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// The prompt path: with <see cref="DisconnectDispatcher"/> running, RevokeToken's intent is carried
/// out right after the commit, and tried again in the same process until the broker answers.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class DisconnectDispatcherTests(StoreFixture store) : DisconnectTestBase(store)
{
    [Fact]
    public async Task ARevocationClosesItsConnectionsAfterTheCommitAndReleasesItsIntent()
    {
        var process = ProcessWith(Rabbit);
        var dispatcher = process.GetRequiredService<DisconnectDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        var tenant = await NewTenantAsync();
        var session = await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", ["revoked-token"], Clock.GetUtcNow().AddHours(1));

        await RevokeAsync(process, tenant, "revoked-token");
        await EventuallyAsync(async () => dispatcher.Held == 0 && (await IntentsAsync(tenant)).Count == 0, "the intent is done");
        await dispatcher.StopAsync(CancellationToken.None);

        var call = Assert.Single(Rabbit.Calls);
        Assert.Equal([SessionTarget.Of(session)], call.Targets);
        Assert.Equal(RevocationDisconnector.Reason, call.Reason);
        Assert.Empty(await IntentIndexKeysAsync(tenant));
    }

    [Fact]
    public async Task AnIntentWhoseBrokerFailedIsTriedAgainUntilItIsDone()
    {
        var process = ProcessWith(Rabbit);
        var dispatcher = process.GetRequiredService<DisconnectDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", ["revoked-token"], Clock.GetUtcNow().AddHours(1));
        Rabbit.Failure = new HttpRequestException("management API down");

        await RevokeAsync(process, tenant, "revoked-token");
        await EventuallyAsync(() => Task.FromResult(Rabbit.Calls.Count >= 2), "the broker was asked twice");
        var keptWhileFailing = await IntentsAsync(tenant);
        var heldWhileFailing = dispatcher.Held;
        Rabbit.Failure = null;
        await EventuallyAsync(async () => dispatcher.Held == 0 && (await IntentsAsync(tenant)).Count == 0, "the intent is done");
        await dispatcher.StopAsync(CancellationToken.None);

        Assert.Single(keptWhileFailing);
        Assert.Equal(1, heldWhileFailing);
        Assert.All(Rabbit.Calls, c => Assert.Equal(["device-1"], c.Targets.Select(t => t.ClientId)));
    }
}
