using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

/// <summary>The settings through which the function app closes revoked tokens' connections (docs/brokers.md, "Disconnects").</summary>
[Collection(InfraFixtureGroup.Name)]
public sealed class BrokerApiSettingsTests(CompiledInfra plain, BrokerApisInfra configured) : IClassFixture<BrokerApisInfra>
{
    [Fact]
    public void WithoutBrokerApisNoDisconnectSettingIsDeployed()
    {
        Assert.DoesNotContain(plain.AppSettings.Keys, name => name.StartsWith("Brokers__RabbitMq__", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.AppSettings.Keys, name => name.StartsWith("Brokers__Emqx__", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRabbitMqManagementApiIsConfiguredWithItsPasswordFromKeyVault()
    {
        var settings = configured.AppSettings;
        Assert.Equal("https://rabbit.example.net:15672", settings["Brokers__RabbitMq__ManagementUrl"]);
        Assert.Equal("token-service", settings["Brokers__RabbitMq__AdminUsername"]);
        KeyVaultReference.AssertNames(settings["Brokers__RabbitMq__AdminPassword"], "broker-rabbitmq-admin-password");
    }

    [Fact]
    public void TheEmqxApiIsConfiguredWithItsSecretFromKeyVault()
    {
        var settings = configured.AppSettings;
        Assert.Equal("https://emqx.example.net:18083", settings["Brokers__Emqx__ApiUrl"]);
        Assert.Equal("emqx-key-id", settings["Brokers__Emqx__ApiKey"]);
        KeyVaultReference.AssertNames(settings["Brokers__Emqx__ApiSecret"], "broker-emqx-api-secret");
    }
}
