using System.Text.Json;
using TokenService.Disconnects;

namespace TokenService.Tests.Disconnects;

/// <summary>
/// The connection listing of RabbitMQ's management API, as 3.10 writes it: the MQTT plugin's
/// connections carry the key <c>client_properties</c> twice in one object, an empty one first.
/// </summary>
public class RabbitMqListingTests
{
    private const string Name = "172.17.0.1:41234 -> 172.17.0.2:1883";
    private const string User = "Token|AKID1|mqtt-cn-1";

    [Fact]
    public void DuplicatedClientPropertiesGiveTheClientIdOfTheSecondWhenTheFirstIsEmpty()
    {
        var listing = Parse($$$"""
            [{"client_properties":{},"name":"{{{Name}}}","user":"{{{User}}}","client_properties":{"client_id":"device-1"}}]
            """);

        var connection = Assert.Single(listing);
        Assert.Equal(Name, connection.Name);
        Assert.Equal(User, connection.User);
        Assert.Equal("device-1", connection.ClientId);
    }

    [Fact]
    public void TheFullThreeTenShapeWithVariableMapGivesOneConnection()
    {
        var listing = Parse($$$"""
            [{"client_properties":{},"name":"{{{Name}}}","user":"{{{User}}}",
              "variable_map":{"client_id":"device-1"},"client_properties":{"client_id":"device-1"}}]
            """);

        Assert.Equal(new RabbitMqConnectionCloser.ListedConnection(Name, User, "device-1"), Assert.Single(listing));
    }

    [Fact]
    public void VariableMapAloneGivesTheClientId()
    {
        var listing = Parse($$$"""[{"name":"{{{Name}}}","user":"{{{User}}}","variable_map":{"client_id":"device-2"}}]""");

        Assert.Equal("device-2", Assert.Single(listing).ClientId);
    }

    [Fact]
    public void ClientIdIsFoundWhenVariableMapComesFirstAndEmpty()
    {
        var listing = Parse($$$"""[{"variable_map":{},"name":"{{{Name}}}","user":"{{{User}}}","client_properties":{"client_id":"device-3"}}]""");

        Assert.Equal("device-3", Assert.Single(listing).ClientId);
    }

    [Theory]
    [InlineData("""{"error":"not_authorised","reason":"Login failed"}""")]
    [InlineData("null")]
    [InlineData("\"connections\"")]
    [InlineData("[]")]
    public void AnythingButAnArrayOfConnectionsGivesNone(string json)
    {
        Assert.Empty(Parse(json));
    }

    [Theory]
    [InlineData("""{"user":"Token|A|i","client_properties":{"client_id":"d"}}""")]
    [InlineData("""{"name":"n","client_properties":{"client_id":"d"}}""")]
    [InlineData("""{"name":"n","user":"Token|A|i"}""")]
    [InlineData("""{"name":"n","user":"Token|A|i","client_properties":{}}""")]
    [InlineData("""{"name":"n","user":"Token|A|i","client_properties":{"client_id":42}}""")]
    [InlineData("""{"name":"n","user":"Token|A|i","client_properties":[{"client_id":"d"}]}""")]
    [InlineData("""{"name":null,"user":"Token|A|i","client_properties":{"client_id":"d"}}""")]
    [InlineData("""{"name":"n","user":7,"client_properties":{"client_id":"d"}}""")]
    public void AConnectionWithoutNameUserOrStringClientIdIsLeftOut(string connection)
    {
        var listing = Parse($$$"""[{{{connection}}},{"name":"{{{Name}}}","user":"{{{User}}}","variable_map":{"client_id":"kept"}}]""");

        Assert.Equal("kept", Assert.Single(listing).ClientId);
    }

    private static List<RabbitMqConnectionCloser.ListedConnection> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RabbitMqConnectionCloser.ParseListing(document.RootElement);
    }
}
