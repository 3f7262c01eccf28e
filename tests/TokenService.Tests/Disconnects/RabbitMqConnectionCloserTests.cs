using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.Tests.Ledger;

namespace TokenService.Tests.Disconnects;

/// <summary>
/// <see cref="RabbitMqConnectionCloser"/> over real HTTP against a fake management API on loopback:
/// what it lists, what it deletes, with which credential, and what it answers for each target.
/// </summary>
public sealed class RabbitMqConnectionCloserTests : IAsyncLifetime
{
    private const string AdminUser = "svc-admin";
    private const string AdminPassword = "pa:ss wörd";
    private const string User = "Token|AKID1|mqtt-cn-1";
    private const string Connection = "172.17.0.1:41234 -> 172.17.0.2:1883";

    // The name as it must appear in the DELETE's path: every reserved character escaped.
    private const string EscapedConnection = "172.17.0.1%3A41234%20-%3E%20172.17.0.2%3A1883";

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FixedClock _clock = new(Now);
    private string _listing = "[]";
    private int _listingStatus = 200;
    private int _deleteStatus = 204;
    private FakeBrokerApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await FakeBrokerApi.StartAsync(request => request.Method switch
        {
            "GET" => (_listingStatus, _listingStatus == 200 ? _listing : """{"error":"x"}"""),
            "DELETE" => (_deleteStatus, null),
            _ => (405, null),
        });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AListedMatchingConnectionIsDeletedWithTheReasonAndTheAdminCredential()
    {
        _listing = Listing((Connection, User, "device-1"));
        var target = Target("device-1", User, connectedSecondsAgo: 60);

        var outcomes = await CloseAsync("/", target);

        Assert.Equal(CloseOutcome.Closed, outcomes[target]);
        var delete = Assert.Single(_api.Requests, r => r.Method == "DELETE");
        Assert.Equal("/api/connections/" + EscapedConnection, delete.RawTarget);
        Assert.Equal("token revoked", delete.Reason);
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AdminUser + ":" + AdminPassword));
        Assert.All(_api.Requests, r => Assert.Equal(basic, r.Authorization));
    }

    [Fact]
    public async Task TheDefaultVhostIsEscapedInTheListingPath()
    {
        await CloseAsync("/", Target("device-1", User, connectedSecondsAgo: 60));

        var listing = Assert.Single(_api.Requests);
        Assert.Equal("GET", listing.Method);
        Assert.Equal("/api/vhosts/%2F/connections?columns=name,user,client_properties,variable_map", listing.RawTarget);
    }

    [Fact]
    public async Task ANamedVhostIsListedUnderItsOwnName()
    {
        await CloseAsync("devices/eu", Target("device-1", User, connectedSecondsAgo: 60));

        Assert.Equal("/api/vhosts/devices%2Feu/connections", Assert.Single(_api.Requests).Path);
    }

    [Fact]
    public async Task TheSameClientIdOfAnotherUserIsNotClosed()
    {
        _listing = Listing((Connection, "Token|AKID2|mqtt-cn-1", "device-1"));
        var target = Target("device-1", User, connectedSecondsAgo: 60);

        var outcomes = await CloseAsync("/", target);

        Assert.DoesNotContain(_api.Requests, r => r.Method == "DELETE");
        Assert.Equal(CloseOutcome.Gone, outcomes[target]);
    }

    [Fact]
    public async Task AnotherClientIdOfTheSameUserIsNotClosed()
    {
        _listing = Listing((Connection, User, "device-10"));
        var target = Target("device-1", User, connectedSecondsAgo: 60);

        var outcomes = await CloseAsync("/", target);

        Assert.DoesNotContain(_api.Requests, r => r.Method == "DELETE");
        Assert.Equal(CloseOutcome.Gone, outcomes[target]);
    }

    [Fact]
    public async Task AYoungSessionNotListedYetIsLookedForAgainAndAnOldOneIsGone()
    {
        var young = Target("young", User, connectedSecondsAgo: 3);
        var old = Target("old", User, connectedSecondsAgo: 11);

        var outcomes = await CloseAsync("/", young, old);

        Assert.Equal(CloseOutcome.NotListedYet, outcomes[young]);
        Assert.Equal(CloseOutcome.Gone, outcomes[old]);
        Assert.DoesNotContain(_api.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task AConnectionGoneBeforeItsDeleteIsGone()
    {
        _listing = Listing((Connection, User, "device-1"));
        _deleteStatus = 404;
        var target = Target("device-1", User, connectedSecondsAgo: 60);

        var outcomes = await CloseAsync("/", target);

        Assert.Equal(CloseOutcome.Gone, outcomes[target]);
        Assert.Single(_api.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task EveryListedConnectionOfATargetIsDeletedAndOneListingServesTheBatch()
    {
        const string second = "172.17.0.1:41300 -> 172.17.0.2:1883";
        _listing = Listing((Connection, User, "device-1"), (second, User, "device-1"), ("other", User, "device-2"));
        var one = Target("device-1", User, connectedSecondsAgo: 60);
        var two = Target("device-2", User, connectedSecondsAgo: 60);

        var outcomes = await CloseAsync("/", one, two);

        Assert.Equal(CloseOutcome.Closed, outcomes[one]);
        Assert.Equal(CloseOutcome.Closed, outcomes[two]);
        Assert.Single(_api.Requests, r => r.Method == "GET");
        Assert.Equal(
            new[] { "/api/connections/" + EscapedConnection, "/api/connections/172.17.0.1%3A41300%20-%3E%20172.17.0.2%3A1883", "/api/connections/other" }.Order(StringComparer.Ordinal),
            _api.Requests.Where(r => r.Method == "DELETE").Select(r => r.RawTarget).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(401)]
    [InlineData(503)]
    public async Task AListingThatIsNotAnsweredThrowsWithItsStatus(int status)
    {
        _listingStatus = status;

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => CloseAsync("/", Target("device-1", User, connectedSecondsAgo: 60)));

        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.DoesNotContain(_api.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task ADeleteThatFailsThrowsRatherThanCountingAsClosed()
    {
        _listing = Listing((Connection, User, "device-1"));
        _deleteStatus = 500;

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => CloseAsync("/", Target("device-1", User, connectedSecondsAgo: 60)));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
    }

    [Fact]
    public void WithoutAnAdminPasswordTheCloserIsNotConfigured()
    {
        using var closer = new RabbitMqConnectionCloser(
            Options.Create(new BrokerOptions { RabbitMq = new RabbitMqOptions { ManagementUrl = _api.BaseAddress, AdminUsername = AdminUser } }),
            Options.Create(new DisconnectOptions()), _clock);

        Assert.False(closer.IsConfigured);
        Assert.True(closer.ClosesAtExpiry);
    }

    private async Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> CloseAsync(string vhost, params SessionTarget[] targets)
    {
        var options = new BrokerOptions
        {
            RabbitMq = new RabbitMqOptions
            {
                ManagementUrl = _api.BaseAddress,
                AdminUsername = AdminUser,
                AdminPassword = AdminPassword,
                VirtualHost = vhost,
                StatisticsLagSeconds = 10,
            },
        };
        using var closer = new RabbitMqConnectionCloser(Options.Create(options), Options.Create(new DisconnectOptions()), _clock);
        Assert.True(closer.IsConfigured);
        return await closer.CloseAsync(targets, RevocationDisconnector.Reason, CancellationToken.None);
    }

    private static SessionTarget Target(string clientId, string user, int connectedSecondsAgo) =>
        new(BrokerNames.RabbitMq, clientId, user, Now.AddSeconds(-connectedSecondsAgo));

    /// <summary>A listing in RabbitMQ 3.10's shape: the empty <c>client_properties</c> first, then the MQTT one.</summary>
    private static string Listing(params (string Name, string User, string ClientId)[] connections) =>
        "[" + string.Join(',', connections.Select(c =>
            $$$"""{"client_properties":{},"name":"{{{c.Name}}}","user":"{{{c.User}}}","variable_map":{"client_id":"{{{c.ClientId}}}"},"client_properties":{"client_id":"{{{c.ClientId}}}"}}""")) + "]";
}
