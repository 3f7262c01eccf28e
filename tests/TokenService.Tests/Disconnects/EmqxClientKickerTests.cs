using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using TokenService.Brokers;
using TokenService.Disconnects;

namespace TokenService.Tests.Disconnects;

/// <summary><see cref="EmqxClientKicker"/> over real HTTP against a fake EMQX 5 REST API on loopback.</summary>
public sealed class EmqxClientKickerTests : IAsyncLifetime
{
    private const string ApiKey = "ek-7f3a";
    private const string ApiSecret = "s3cr:et";

    private Func<RecordedRequest, int> _status = _ => 204;
    private FakeBrokerApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeBrokerApi.StartAsync(request => (_status(request), null));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("device-1", "/api/v5/clients/device-1")]
    [InlineData("plant/line 2/设备", "/api/v5/clients/plant%2Fline%202%2F%E8%AE%BE%E5%A4%87")]
    [InlineData("a?b#c%d", "/api/v5/clients/a%3Fb%23c%25d")]
    public async Task TheClientIdIsPercentEncodedAsOnePathSegment(string clientId, string path)
    {
        var target = Target(clientId);

        var outcomes = await KickAsync(target);

        var request = Assert.Single(_api.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal(path, request.RawTarget);
        Assert.Equal(CloseOutcome.Closed, outcomes[target]);
    }

    [Fact]
    public async Task TheApiKeyAndSecretAreSentAsBasicAuthentication()
    {
        await KickAsync(Target("device-1"));

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey + ":" + ApiSecret)), Assert.Single(_api.Requests).Authorization);
    }

    [Fact]
    public async Task NoContentIsClosedAndNotFoundIsGone()
    {
        _status = request => request.RawTarget.EndsWith("/present", StringComparison.Ordinal) ? 204 : 404;
        var present = Target("present");
        var absent = Target("absent");

        var outcomes = await KickAsync(present, absent);

        Assert.Equal(CloseOutcome.Closed, outcomes[present]);
        Assert.Equal(CloseOutcome.Gone, outcomes[absent]);
        Assert.Equal(2, _api.Requests.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(401)]
    public async Task AnAnswerOtherThanNoContentOrNotFoundThrows(int status)
    {
        _status = _ => status;

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => KickAsync(Target("device-1")));

        Assert.Equal((HttpStatusCode)status, e.StatusCode);
    }

    [Fact]
    public void WithoutASecretTheKickerIsNotConfiguredAndNeverClosesAtExpiry()
    {
        using var kicker = new EmqxClientKicker(
            Options.Create(new BrokerOptions { Emqx = new EmqxOptions { ApiUrl = _api.BaseAddress, ApiKey = ApiKey } }),
            Options.Create(new DisconnectOptions()));

        Assert.False(kicker.IsConfigured);
        Assert.False(kicker.ClosesAtExpiry);
    }

    private async Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> KickAsync(params SessionTarget[] targets)
    {
        var options = new BrokerOptions { Emqx = new EmqxOptions { ApiUrl = _api.BaseAddress, ApiKey = ApiKey, ApiSecret = ApiSecret } };
        using var kicker = new EmqxClientKicker(Options.Create(options), Options.Create(new DisconnectOptions()));
        Assert.True(kicker.IsConfigured);
        return await kicker.CloseAsync(targets, RevocationDisconnector.Reason, CancellationToken.None);
    }

    private static SessionTarget Target(string clientId) =>
        new(BrokerNames.Emqx, clientId, "Token|AKID1|mqtt-cn-1", DateTimeOffset.UnixEpoch);
}
