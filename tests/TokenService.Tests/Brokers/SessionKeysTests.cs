using TokenService.Brokers;

namespace TokenService.Tests.Brokers;

public class SessionKeysTests
{
    [Fact]
    public void SessionsOfManyClientsSpreadOverPartitionsAndAllSixteenExpiryBuckets()
    {
        var ids = Enumerable.Range(0, 1000).Select(n => SessionKeys.SessionId(BrokerNames.RabbitMq, $"device-{n}")).ToArray();

        Assert.Equal(1000, ids.Select(SessionKeys.Session).Distinct().Count());
        Assert.Equal(16, ids.Select(SessionKeys.ExpiryBucket).Distinct().Count());
        Assert.All(ids.Select(SessionKeys.ExpiryBucket), b => Assert.Contains(b, SessionKeys.ExpiryBuckets));
    }

    [Fact]
    public void AClientIdIsPerBroker()
    {
        Assert.NotEqual(SessionKeys.SessionId(BrokerNames.RabbitMq, "d"), SessionKeys.SessionId(BrokerNames.Emqx, "d"));
    }

    [Fact]
    public void ExpiryEntriesSortByTimeAndNameTheirSession()
    {
        var id = SessionKeys.SessionId(BrokerNames.RabbitMq, "d");
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var key = SessionKeys.Expiry(expires, id);

        Assert.Equal(id, SessionKeys.ExpirySessionId(key));
        Assert.True(string.CompareOrdinal(key, SessionKeys.ExpiryUpTo(expires)) < 0);
        Assert.True(string.CompareOrdinal(key, SessionKeys.ExpiryUpTo(expires.AddSeconds(-1))) > 0);
    }

    [Theory]
    [InlineData("device/with/slashes#and?marks")]
    [InlineData("设备-1")]
    public void AnyClientIdMakesLegalKeys(string clientId)
    {
        var id = SessionKeys.SessionId(BrokerNames.RabbitMq, clientId);

        Assert.Matches("^[0-9a-f]{64}$", id);
    }
}
