namespace TokenService.InfraTests.Infrastructure;

public static class KeyVaultReference
{
    /// <summary>The app setting is a Key Vault reference to the named secret (the vault URI is only known in Azure and stays unresolved).</summary>
    public static void AssertNames(string value, string secretName)
    {
        var expanded = ArmExpression.ExpandFormat(value);
        Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", expanded, StringComparison.Ordinal);
        Assert.EndsWith($"secrets/{secretName}/)", expanded, StringComparison.Ordinal);
    }
}
