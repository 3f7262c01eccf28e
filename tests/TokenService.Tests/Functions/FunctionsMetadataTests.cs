using System.Text.Json;

namespace TokenService.Tests.Functions;

/// <summary>
/// What the Functions host reads about the app: the SDK generates functions.metadata from the
/// attributes (no hand-written function.json). The list is exact, so a function added, removed or
/// re-triggered by accident fails here before it reaches a deployment.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    [Fact]
    public void TheAppDeclaresExactlyItsFunctions() =>
        Assert.Equal(
            ["BrokerEmqxAuthn", "BrokerEmqxAuthz", "BrokerEventGridAuthn", "BrokerRabbitMqResource", "BrokerRabbitMqTopic", "BrokerRabbitMqUser", "BrokerRabbitMqVhost", "PurgeExpired", "Rpc", "SweepDisconnects"],
            Functions.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal));

    [Fact]
    public void RpcIsAnAnonymousCatchAllHttpTriggerForEveryMethod()
    {
        var trigger = Trigger("Rpc");
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("{*route}", trigger.GetProperty("route").GetString());
        Assert.Equal(["delete", "get", "head", "options", "patch", "post", "put"],
            trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(Bindings("Rpc"), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Fact]
    public void PurgeExpiredIsATimerEveryTenMinutes()
    {
        var trigger = Trigger("PurgeExpired");
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 */10 * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Single(Bindings("PurgeExpired"));
    }

    [Fact]
    public void SweepDisconnectsIsATimerEveryFiveSeconds()
    {
        var trigger = Trigger("SweepDisconnects");
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("*/5 * * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Single(Bindings("SweepDisconnects"));
    }

    [Fact]
    public void EveryFunctionRunsInTheIsolatedWorkerAssembly() =>
        Assert.All(Functions, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("TokenService.Functions.dll", f.GetProperty("scriptFile").GetString());
        });

    private static JsonElement Trigger(string function) =>
        Assert.Single(Bindings(function), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static JsonElement[] Bindings(string function) =>
        Functions.Single(f => f.GetProperty("name").GetString() == function).GetProperty("bindings").EnumerateArray().ToArray();

    /// <summary>The file the SDK generated into the function app's output, copied next to these tests.</summary>
    private static JsonElement[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
