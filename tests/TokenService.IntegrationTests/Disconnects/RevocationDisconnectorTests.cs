using Microsoft.Extensions.DependencyInjection;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// <see cref="RevocationDisconnector"/> over real tables: which connections a revocation closes
/// (found through the Sessions table's token index, kept only while the session still holds the
/// token), and when its intent is done, kept, or waits.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class RevocationDisconnectorTests(StoreFixture store) : DisconnectTestBase(store)
{
    private static readonly string[] Revoked = ["revoked-token"];

    [Fact]
    public async Task OnlyTheSessionsThatStillHoldTheTokenAreClosedOnTheirOwnBroker()
    {
        var process = ProcessWith(Rabbit, Emqx);
        var tenant = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddHours(1);
        var one = await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "rabbit-1", Revoked, expires);
        var two = await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "rabbit-2", ["other-token", "revoked-token"], expires);
        var kicked = await ConnectAsync(process, tenant, BrokerNames.Emqx, "emqx-1", Revoked, expires);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "unrelated", ["other-token"], expires);
        // Presented the token, then reconnected under the same client id with another one: a new connection.
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "reconnected", Revoked, expires);
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "reconnected", ["fresh-token"], expires);
        // Event Grid has no disconnect API: its sessions end at their expiration.
        await ConnectAsync(process, tenant, BrokerNames.EventGrid, "eventgrid-1", Revoked, expires);
        await RevokeAsync(process, tenant, "revoked-token");

        var pending = await ProcessAsync(process, tenant);

        Assert.Empty(pending);
        var rabbit = Assert.Single(Rabbit.Calls);
        Assert.Equal(RevocationDisconnector.Reason, rabbit.Reason);
        Assert.Equal([SessionTarget.Of(one), SessionTarget.Of(two)], rabbit.Targets.OrderBy(t => t.ClientId, StringComparer.Ordinal));
        var emqx = Assert.Single(Emqx.Calls);
        Assert.Equal(RevocationDisconnector.Reason, emqx.Reason);
        Assert.Equal([SessionTarget.Of(kicked)], emqx.Targets);
    }

    [Fact]
    public async Task ARevocationOnOneInstanceNeverClosesTheSessionsOfAnother()
    {
        var process = ProcessWith(Rabbit);
        var owner = await NewTenantAsync();
        var stranger = await NewTenantAsync();
        var expires = Clock.GetUtcNow().AddHours(1);
        var token = await ApplyAsync(process, owner, expires);
        var owned = await ConnectAsync(process, owner, BrokerNames.RabbitMq, "owner-device", [token], expires);
        // Revoking a token that is not the instance's is answered 200 (RFC 7009) and records the
        // revocation on the revoker's instance only, where the token grants nothing.
        await RevokeAsync(process, stranger, token);

        var pending = await ProcessAsync(process, stranger);

        Assert.Empty(pending);
        Assert.Empty(Rabbit.Calls);
        Assert.Empty(await IntentsAsync(stranger));

        await RevokeAsync(process, owner, token);
        Assert.Empty(await ProcessAsync(process, owner));
        Assert.Equal([SessionTarget.Of(owned)], Assert.Single(Rabbit.Calls).Targets);
    }

    [Theory]
    [InlineData(nameof(CloseOutcome.Closed))]
    [InlineData(nameof(CloseOutcome.Gone))]
    public async Task AnIntentWhoseConnectionsAreClosedOrGoneIsDeletedWithItsIndex(string outcomeName)
    {
        var outcome = Enum.Parse<CloseOutcome>(outcomeName);
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Revoked, Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "revoked-token");
        Rabbit.Answer = _ => outcome;

        var pending = await ProcessAsync(process, tenant);

        Assert.Empty(pending);
        Assert.Equal(["device-1"], Rabbit.ClientIds);
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await IntentIndexKeysAsync(tenant));
        // The revocation itself stays.
        Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
    }

    [Fact]
    public async Task AConnectionNotListedYetKeepsTheIntentUntilItIsClosed()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Revoked, Clock.GetUtcNow().AddHours(1));
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-2", Revoked, Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "revoked-token");
        var intent = await SingleIntentAsync(tenant);
        Rabbit.Answer = t => t.ClientId == "device-1" ? CloseOutcome.Closed : CloseOutcome.NotListedYet;

        var first = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None);

        Assert.Equal([(intent, PendingReason.NotListedYet)], first);
        Assert.Equal(intent, await SingleIntentAsync(tenant));
        Assert.Single(await IntentIndexKeysAsync(tenant));

        Rabbit.Answer = _ => CloseOutcome.Closed;
        var second = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None);

        Assert.Empty(second);
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await IntentIndexKeysAsync(tenant));
    }

    [Theory]
    [InlineData(typeof(HttpRequestException))]
    [InlineData(typeof(System.Text.Json.JsonException))]
    [InlineData(typeof(TaskCanceledException))]
    public async Task ABrokerThatFailsKeepsTheIntentAsBrokerFailed(Type failure)
    {
        var process = ProcessWith(Rabbit, Emqx);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Revoked, Clock.GetUtcNow().AddHours(1));
        await ConnectAsync(process, tenant, BrokerNames.Emqx, "device-2", Revoked, Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "revoked-token");
        var intent = await SingleIntentAsync(tenant);
        Rabbit.Failure = (Exception)Activator.CreateInstance(failure)!;

        var pending = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None);

        Assert.Equal([(intent, PendingReason.BrokerFailed)], pending);
        Assert.Equal(intent, await SingleIntentAsync(tenant));
        Assert.Single(await IntentIndexKeysAsync(tenant));
        // The other broker was still asked.
        Assert.Equal(["device-2"], Emqx.ClientIds);
    }

    [Fact]
    public async Task ABrokerThatAnswersNothingForATargetKeepsTheIntentAsBrokerFailed()
    {
        var process = ProcessWith(new SilentCloser());
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Revoked, Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "revoked-token");
        var intent = await SingleIntentAsync(tenant);

        var pending = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None);

        Assert.Equal([(intent, PendingReason.BrokerFailed)], pending);
        Assert.Single(await IntentsAsync(tenant));
    }

    [Fact]
    public async Task ATokenIndexRowWithoutItsSessionWaitsWithinTheConnectGraceAndIsDoneAfter()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        // A CONNECT that wrote its token index row and has not stored its session (yet, or ever: it was refused).
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "connecting", Revoked, Clock.GetUtcNow().AddHours(1), allowed: false);
        await RevokeAsync(process, tenant, "revoked-token");
        var intent = await SingleIntentAsync(tenant);
        var disconnector = process.GetRequiredService<RevocationDisconnector>();

        var young = await disconnector.ProcessAsync([intent], CancellationToken.None);

        Assert.Equal([(intent, PendingReason.NotListedYet)], young);
        Assert.Single(await IntentsAsync(tenant));

        Clock.Advance(TimeSpan.FromSeconds(new DisconnectOptions().ConnectGraceSeconds + 20));
        var old = await disconnector.ProcessAsync([intent], CancellationToken.None);

        Assert.Empty(old);
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await IntentIndexKeysAsync(tenant));
        Assert.Empty(Rabbit.Calls);
    }

    [Fact]
    public async Task AnIntentWhoseTokenExpiredIsDoneWithoutAskingTheBroker()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        var token = await ApplyAsync(process, tenant, Clock.GetUtcNow().AddMinutes(2));
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", [token], Clock.GetUtcNow().AddMinutes(2));
        await RevokeAsync(process, tenant, token);
        var intent = await SingleIntentAsync(tenant);

        Clock.Set(intent.ExpiresAt);
        var pending = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None);

        Assert.Empty(pending);
        Assert.Empty(Rabbit.Calls);
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await IntentIndexKeysAsync(tenant));
    }

    [Fact]
    public async Task AnIntentWithOnlyEventGridSessionsIsDoneWithoutAskingAnyBroker()
    {
        var process = ProcessWith(Rabbit, Emqx);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.EventGrid, "eventgrid-1", Revoked, Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "revoked-token");

        var pending = await ProcessAsync(process, tenant);

        Assert.Empty(pending);
        Assert.Empty(Rabbit.Calls);
        Assert.Empty(Emqx.Calls);
        Assert.Empty(await IntentsAsync(tenant));
    }

    [Fact]
    public async Task ABatchAsksEachBrokerOnceAndASessionHoldingTwoRevokedTokensOnce()
    {
        var process = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "both", ["token-a", "token-b"], Clock.GetUtcNow().AddHours(1));
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "only-b", ["token-b"], Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "token-a");
        await RevokeAsync(process, tenant, "token-b");
        var intents = await IntentsAsync(tenant);
        Assert.Equal(2, intents.Count);

        var pending = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync(intents, CancellationToken.None);

        Assert.Empty(pending);
        Assert.Equal(["both", "only-b"], Assert.Single(Rabbit.Calls).Targets.Select(t => t.ClientId).Order(StringComparer.Ordinal));
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await IntentIndexKeysAsync(tenant));
    }

    [Fact]
    public async Task AnIntentCompletedElsewhereIsDoneAgainWithoutFailing()
    {
        var process = ProcessWith(Rabbit);
        var other = ProcessWith(Rabbit);
        var tenant = await NewTenantAsync();
        await ConnectAsync(process, tenant, BrokerNames.RabbitMq, "device-1", Revoked, Clock.GetUtcNow().AddHours(1));
        await RevokeAsync(process, tenant, "revoked-token");
        var intent = await SingleIntentAsync(tenant);
        Assert.Empty(await other.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None));

        var pending = await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([intent], CancellationToken.None);

        Assert.Empty(pending);
        Assert.Empty(await IntentsAsync(tenant));
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId, intent.IndexRowKey));
    }

    private async Task<IReadOnlyList<(DisconnectIntent Intent, PendingReason Reason)>> ProcessAsync(IServiceProvider process, Tenant tenant) =>
        await process.GetRequiredService<RevocationDisconnector>().ProcessAsync([await SingleIntentAsync(tenant)], CancellationToken.None);

    /// <summary>A broker API whose answer leaves every target out.</summary>
    private sealed class SilentCloser : IConnectionCloser
    {
        public string Broker => BrokerNames.RabbitMq;

        public bool IsConfigured => true;

        public bool ClosesAtExpiry => true;

        public Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> CloseAsync(
            IReadOnlyCollection<SessionTarget> targets, string reason, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<SessionTarget, CloseOutcome>>(new Dictionary<SessionTarget, CloseOutcome>());
    }
}
