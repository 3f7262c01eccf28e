using System.Globalization;
using System.Text.Json;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.TestSupport.Ports;

namespace TokenService.IntegrationTests.Hosting;

/// <summary>
/// <c>./tokenctl</c> as an operator runs it (the script, not the dll): any Azurite store gets the
/// development keys (README, Configuration), generated once into the development key file; any other store must
/// be given its keys; a store that does not answer is named, with what to do.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class DevelopmentKeysTests(StoreFixture store) : IDisposable
{
    // A first ./tokenctl may build the CLI (sources newer than its output).
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private readonly string _keysFile = Path.Combine(Directory.CreateTempSubdirectory("dev-keys-").FullName, "dev-keys.env");

    [Fact]
    public async Task TokenctlGivesAnAzuriteConnectionStringOnAnotherPortTheDevelopmentKeys()
    {
        var environment = Environment(store.Azurite.ConnectionString);

        var account = await TokenctlAsync(environment, "--json", "account", "create", "acme");
        var key = await TokenctlAsync(environment, "--json", "key", "create", "--account", "acme");

        Assert.True(account.ExitCode == 0, account.ToString());
        Assert.True(key.ExitCode == 0, key.ToString());
        using var created = JsonDocument.Parse(key.StandardOutput);
        Assert.StartsWith("LTAI", created.RootElement.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        var keys = await File.ReadAllTextAsync(_keysFile);
        Assert.Contains("export Secrets__Keys__dev1=", keys, StringComparison.Ordinal);
        Assert.Contains("export Tokens__SigningKeys__dev1=", keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenctlGivesUseDevelopmentStorageTheDevelopmentKeys()
    {
        // Reads only, under a prefix of its own, from whatever answers (or not) on Azurite's
        // default port: what matters is that the keys were there, so the verb got past them.
        var result = await TokenctlAsync(Environment(" UseDevelopmentStorage=true"), "sts", "issue", "--key", "LTAInone", "--seconds", "60");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("key is configured", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Secrets__", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("export Secrets__Keys__dev1=", await File.ReadAllTextAsync(_keysFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenctlRequiresTheKeysOfAStoreThatIsNotAzurite()
    {
        var other = "DefaultEndpointsProtocol=http;AccountName=production;AccountKey=" + Convert.ToBase64String(new byte[64]) +
            ";TableEndpoint=http://127.0.0.1:9/production;";

        var result = await TokenctlAsync(Environment(other), "key", "create", "--account", "acme");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Secrets__Keys__", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_keysFile));
    }

    [Fact]
    public async Task TokenctlNamesTheStoreThatDidNotAnswerAndWhatToDo()
    {
        var port = FreePort.Next();
        var nothing = store.Azurite.ConnectionString.Replace(
            store.Azurite.Port.ToString(CultureInfo.InvariantCulture), port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var result = await TokenctlAsync(Environment(nothing), "account", "create", "acme");

        Assert.Equal(1, result.ExitCode);
        // (The first run of the script also reports the development keys it generated.)
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("did not answer", line, StringComparison.Ordinal);
        Assert.Contains("./run.sh", line, StringComparison.Ordinal);
        Assert.Contains("Storage__ConnectionString", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(0 )", line, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_keysFile)!, recursive: true);

    private Dictionary<string, string> Environment(string connectionString) => new(StringComparer.Ordinal)
    {
        ["Storage__ConnectionString"] = connectionString,
        ["Storage__TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
        ["DEV_KEYS_FILE"] = _keysFile,
    };

    private static Task<TokenctlResult> TokenctlAsync(Dictionary<string, string> environment, params string[] arguments) =>
        TokenctlProcess.RunToExitAsync(Path.Combine(RepositoryPaths.Root, "tokenctl"), arguments, environment, ScriptTimeout);
}
