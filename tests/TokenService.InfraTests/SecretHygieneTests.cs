using TokenService.InfraTests.Infrastructure;

namespace TokenService.InfraTests;

[Collection(InfraFixtureGroup.Name)]
public sealed class SecretHygieneTests(CompiledInfra infra)
{
    [Theory]
    [InlineData("listKeys(")]
    [InlineData("listAccountSas(")]
    [InlineData("listServiceSas(")]
    [InlineData("listConnectionStrings(")]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessKey=")]
    public void TemplateNeverReadsOrEmbedsKeys(string fragment)
    {
        Assert.DoesNotContain(fragment, infra.TemplateText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fragment, infra.SnapshotText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TemplateHasNoSecureParameters()
    {
        // Nothing secret goes in: key material is created in Key Vault by the operator.
        var secure = infra.Templates()
            .Where(t => t.TryGetProperty("parameters", out _))
            .SelectMany(t => t.GetProperty("parameters").EnumerateObject())
            .Where(p => p.Value.Text("type") is "securestring" or "secureObject" or "secureString" or "secureobject")
            .Select(p => p.Name);

        Assert.Empty(secure);
    }

    [Fact]
    public void OutputsCarryNoSecrets()
    {
        var outputs = infra.SnapshotRoot.Prop("outputs").EnumerateObject().ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.False(SecretPatterns.LooksLikeSecret(o.Value.ToString()), o.Name));
        Assert.DoesNotContain(outputs, o => o.Value.ToString().Contains("ConnectionString", StringComparison.OrdinalIgnoreCase));
    }
}
