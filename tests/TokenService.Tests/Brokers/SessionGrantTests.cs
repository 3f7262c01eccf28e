using TokenService.Brokers;
using TokenService.Tokens;

namespace TokenService.Tests.Brokers;

public class SessionGrantTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static BrokerSession Session(params SessionGrant[] grants) =>
        new("rabbitmq", "dev-1", "LTAI5tKey", "mqtt-cn-01", "acme", ["h"], grants, Now.AddMinutes(-1), Now.AddHours(1));

    [Fact]
    public void PublishNeedsAWriteGrantWhoseFilterMatchesTheTopic()
    {
        var session = Session(new SessionGrant(TokenActions.Read, ["in/#"]), new SessionGrant(TokenActions.Write, ["out/+/data"]));

        Assert.True(session.Allows(TokenActions.Write, "out/d1/data", Now));
        Assert.False(session.Allows(TokenActions.Write, "in/x", Now));
        Assert.False(session.Allows(TokenActions.Write, "out/d1/other", Now));
    }

    [Fact]
    public void SubscribeNeedsAReadGrantCoveringTheWholeFilter()
    {
        var session = Session(new SessionGrant(TokenActions.Read, ["in/+/state"]), new SessionGrant(TokenActions.Write, ["#"]));

        Assert.True(session.Allows(TokenActions.Read, "in/+/state", Now));
        Assert.True(session.Allows(TokenActions.Read, "in/d1/state", Now));
        Assert.False(session.Allows(TokenActions.Read, "in/#", Now));
        Assert.False(session.Allows(TokenActions.Read, "out/x", Now));
    }

    [Fact]
    public void AnExpiredSessionAllowsNothing()
    {
        var session = Session(new SessionGrant(TokenActions.Read | TokenActions.Write, ["#"]));

        Assert.True(session.Allows(TokenActions.Write, "a", Now));
        Assert.False(session.Allows(TokenActions.Write, "a", session.ExpiresAt));
    }

    [Fact]
    public void InvalidTopicsAreNeverAllowed()
    {
        var session = Session(new SessionGrant(TokenActions.Read | TokenActions.Write, ["#"]));

        Assert.False(session.Allows(TokenActions.Write, "", Now));
        Assert.False(session.Allows(TokenActions.Write, "a+b", Now));
        Assert.False(session.Allows(TokenActions.None, "a", Now));
    }

    [Fact]
    public void GrantsSurviveTheirStoredForm()
    {
        SessionGrant[] grants = [new(TokenActions.Read, ["a/#", "工厂/温度"]), new(TokenActions.Write, ["b c/+"]), new(TokenActions.Read | TokenActions.Write, ["x"])];

        var parsed = SessionGrants.Parse(SessionGrants.Format(grants));

        Assert.Equal(grants.Select(g => (g.Type, string.Join(',', g.Filters))), parsed.Select(g => (g.Type, string.Join(',', g.Filters))));
    }

    [Theory]
    [InlineData("a.b.c", "a/b/c")]
    [InlineData("a.*.c", "a/+/c")]
    [InlineData("a.#", "a/#")]
    [InlineData("工厂.温度", "工厂/温度")]
    public void RoutingKeysReadBackAsTheMqttTopicsTheBrokerDelivers(string routingKey, string topic)
    {
        Assert.Equal(topic, RabbitMqTopics.FromRoutingKey(routingKey));
    }

    [Fact]
    public void OnRabbitMqAGrantedDotIsALevelSeparator()
    {
        var session = Session(new SessionGrant(TokenActions.Write, ["dev.1/data"]));

        Assert.True(session.Allows(TokenActions.Write, RabbitMqTopics.FromRoutingKey("dev.1.data"), Now, RabbitMqTopics.GrantedAsRouted));
        Assert.False(session.Allows(TokenActions.Write, RabbitMqTopics.FromRoutingKey("dev.1.data"), Now));
    }
}
