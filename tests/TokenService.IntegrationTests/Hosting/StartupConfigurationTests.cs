using TokenService.IntegrationTests.Infrastructure;
using TokenService.TestSupport.Ports;

namespace TokenService.IntegrationTests.Hosting;

/// <summary>
/// A server or tokenctl started without valid keys says, in one line per wrong setting, which
/// setting it is, and exits 1: no stack trace, no abort. No store is needed: the check runs
/// before anything is served.
/// </summary>
public sealed class StartupConfigurationTests
{
    // Nothing listens there; the checks must not need the store.
    private const string NoStore = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Theory]
    [InlineData("Secrets__", "Secrets__Keys__")]
    [InlineData("Tokens__", "Tokens__SigningKeys__")]
    public async Task ServerWithoutAKeyRingPrintsOneLineNamingTheSettingAndExitsOne(string removedPrefix, string named)
    {
        var result = await RunServerAsync(Without(removedPrefix));

        AssertOneClearLine(result, named);
    }

    [Fact]
    public async Task ServerWithAMalformedSecretKeyNamesThatKeysSetting()
    {
        var settings = Without("none");
        settings["Secrets__Keys__k1"] = "c2hvcnQ=";

        var result = await RunServerAsync(settings);

        AssertOneClearLine(result, "Secrets__Keys__k1");
    }

    [Fact]
    public async Task ServerWithACurrentKeyIdThatNamesNoKeyNamesTheCurrentKeySetting()
    {
        var settings = Without("none");
        settings["Tokens__CurrentKeyId"] = "t9";

        var result = await RunServerAsync(settings);

        AssertOneClearLine(result, "Tokens__CurrentKeyId");
    }

    [Fact]
    public async Task TokenctlWithoutSecretKeysPrintsOneLineNamingTheSettingAndExitsOne()
    {
        var result = await TokenctlProcess.RunDllAsync(TokenctlProcess.Dll, Without("Secrets__"), "key", "create", "--account", "acme");

        AssertOneClearLine(result, "Secrets__Keys__");
    }

    private static Task<TokenctlResult> RunServerAsync(Dictionary<string, string> settings)
    {
        settings["PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TokenctlProcess.RunDllAsync(RepositoryPaths.ServiceDll, settings);
    }

    private static Dictionary<string, string> Without(string prefix) =>
        new ServiceSettings(NoStore).Values
            .Where(v => !v.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value);

    private static void AssertOneClearLine(TokenctlResult result, string named)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }
}
