using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class AppSettingsTests(CompiledInfra infra)
{
    private IReadOnlyDictionary<string, string> Settings => infra.AppSettings;

    private string Setting(string name)
    {
        Assert.True(Settings.TryGetValue(name, out var value), $"no app setting {name}; present: {string.Join(", ", Settings.Keys)}");
        return value!;
    }

    [Fact]
    public void HostStorageUsesTheManagedIdentity()
    {
        Assert.Equal("managedidentity", Setting("AzureWebJobsStorage__credential"));
        Assert.StartsWith("st", Setting("AzureWebJobsStorage__accountName"), StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", Setting("AzureWebJobsStorage__clientId"), StringComparison.Ordinal);
        Assert.DoesNotContain("AzureWebJobsStorage", Settings.Keys);
    }

    [Fact]
    public void ServiceReachesItsTablesThroughTheIdentity()
    {
        Assert.Contains("primaryEndpoints.table", Setting("Storage__TableServiceUri"), StringComparison.Ordinal);
        Assert.Contains("userAssignedIdentities", Setting("Storage__ClientId"), StringComparison.Ordinal);
        Assert.Equal("Mqtt", Setting("Storage__TablePrefix"));
        Assert.DoesNotContain("Storage__ConnectionString", Settings.Keys);
    }

    [Fact]
    public void TelemetryAuthenticatesWithEntraId()
    {
        Assert.Contains("ConnectionString", Setting("APPLICATIONINSIGHTS_CONNECTION_STRING"), StringComparison.Ordinal);
        var authentication = Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
        Assert.Contains("ClientId=", authentication, StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSiteRootIsTheApiNotTheHostHomepage() =>
        Assert.Equal("true", Setting("AzureWebJobsDisableHomepage"));

    /// <summary>
    /// Settings that Flex Consumption refuses or ignores: the runtime and its version come from
    /// functionAppConfig, the package from its deployment storage, and there is no content share.
    /// </summary>
    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_NODE_DEFAULT_VERSION")]
    [InlineData("SCM_DO_BUILD_DURING_DEPLOYMENT")]
    [InlineData("FUNCTIONS_WORKER_PROCESS_COUNT")]
    public void NoSettingThatFlexConsumptionRefuses(string name) =>
        Assert.DoesNotContain(name, Settings.Keys);

    [Fact]
    public void RateLimitsDefaultToTheSpecification()
    {
        Assert.Equal("5", Setting("RateLimit__RevokeToken"));
        Assert.Equal("100", Setting("RateLimit__ApplyToken"));
        Assert.Equal("100", Setting("RateLimit__QueryToken"));
    }

    [Fact]
    public void KeyMaterialComesFromKeyVaultReferences()
    {
        Assert.Equal("k1", Setting("Secrets__CurrentKeyId"));
        Assert.Equal("k1", Setting("Tokens__CurrentKeyId"));
        KeyVaultReference.AssertNames(Setting("Secrets__Keys__k1"), "secrets-key-k1");
        KeyVaultReference.AssertNames(Setting("Tokens__SigningKeys__k1"), "token-signing-key-k1");
    }

    [Fact]
    public void TheEventGridWebhookIsClosedUntilAnAudienceIsGivenAndNoBrokerKeyIsASetting()
    {
        // The host checks its own function key for RabbitMQ and EMQX: Brokers__Key is the standalone server's.
        Assert.Equal("", Setting("Brokers__EventGrid__Audience"));
        Assert.True(Guid.TryParse(Setting("Brokers__EventGrid__TenantId"), out _), "the tenant defaults to the deployment's own");
        Assert.DoesNotContain("Brokers__Key", Settings.Keys);
    }

    [Fact]
    public void EveryKeySettingIsAKeyVaultReference()
    {
        var keySettings = Settings.Where(s => s.Key.StartsWith("Secrets__Keys__", StringComparison.Ordinal)
            || s.Key.StartsWith("Tokens__SigningKeys__", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(keySettings);
        Assert.All(keySettings, s => Assert.Contains("@Microsoft.KeyVault(SecretUri=", s.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void NoAppSettingHoldsALiteralSecret()
    {
        var suspicious = Settings.Where(s => SecretPatterns.LooksLikeSecret(s.Value)).Select(s => s.Key).ToList();
        Assert.True(suspicious.Count == 0, $"app settings with what looks like a literal secret: {string.Join(", ", suspicious)}");
    }
}
