using Moq;
using TokenService.Brokers;
using TokenService.Disconnects;

namespace TokenService.Tests.Disconnects;

public class ConnectionClosersTests
{
    [Fact]
    public void OnlyConfiguredClosersAreUsedAndOnlyThoseThatCloseAtExpiryRunAtExpiry()
    {
        var rabbit = Closer(BrokerNames.RabbitMq, configured: true, atExpiry: true);
        var emqx = Closer(BrokerNames.Emqx, configured: true, atExpiry: false);

        var closers = new ConnectionClosers([rabbit, emqx]);

        Assert.True(closers.AnyConfigured);
        Assert.Same(rabbit, closers.For(BrokerNames.RabbitMq));
        Assert.Same(emqx, closers.For(BrokerNames.Emqx));
        Assert.Null(closers.For(BrokerNames.EventGrid));
        Assert.Equal([rabbit], closers.ClosingAtExpiry);
    }

    [Fact]
    public void UnconfiguredClosersAreAsIfAbsent()
    {
        var closers = new ConnectionClosers([Closer(BrokerNames.RabbitMq, configured: false, atExpiry: true), Closer(BrokerNames.Emqx, configured: false, atExpiry: false)]);

        Assert.False(closers.AnyConfigured);
        Assert.Null(closers.For(BrokerNames.RabbitMq));
        Assert.Empty(closers.ClosingAtExpiry);
    }

    private static IConnectionCloser Closer(string broker, bool configured, bool atExpiry)
    {
        var closer = new Mock<IConnectionCloser>(MockBehavior.Strict);
        closer.SetupGet(c => c.Broker).Returns(broker);
        closer.SetupGet(c => c.IsConfigured).Returns(configured);
        closer.SetupGet(c => c.ClosesAtExpiry).Returns(atExpiry);
        return closer.Object;
    }
}
