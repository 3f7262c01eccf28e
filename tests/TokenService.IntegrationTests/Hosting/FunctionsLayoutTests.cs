using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TokenService.Hosting;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Hosting;

/// <summary>
/// What the Azure Functions host reads (host.json and each <c>&lt;function&gt;/function.json</c> at
/// the repository root, the files <c>./publish.sh</c> packages) is checked against SPEC 6, and then
/// against the executable itself: started as the host starts a custom handler, it listens where the
/// host will proxy to and answers every function the files declare.
/// </summary>
[Collection(SharedStore.Name)]
public sealed partial class FunctionsLayoutTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public void HostJsonDeclaresTheCustomHandlerThatPublishBuilds()
    {
        var host = ReadJson("host.json");
        var handler = host.GetProperty("customHandler");
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString();
        var project = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "TokenService", "TokenService.csproj"));
        var publish = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "publish.sh"));

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal("TokenService", executable);
        Assert.Equal(executable, project.Descendants("AssemblyName").Single().Value);
        // publish.sh takes the executable's name from host.json, so the two cannot drift apart.
        Assert.Contains("[\"customHandler\"][\"description\"][\"defaultExecutablePath\"]", publish, StringComparison.Ordinal);
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void HttpFunctionIsOneHttpTriggerInAndOneHttpOutOnEveryRoute()
    {
        var http = Assert.Single(Functions(), f => Bindings(f.Json).Any(b => Type(b) == "httpTrigger"));
        var bindings = Bindings(http.Json);

        Assert.Equal(2, bindings.Count);
        var trigger = Assert.Single(bindings, b => Type(b) == "httpTrigger");
        var output = Assert.Single(bindings, b => Type(b) == "http");
        Assert.Equal("in", trigger.GetProperty("direction").GetString());
        Assert.Equal("{*route}", trigger.GetProperty("route").GetString());
        // Callers authenticate with their AccessKey signature; a Functions key would break every SDK.
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList();
        Assert.Contains("GET", methods);
        Assert.Contains("POST", methods);
        Assert.Equal("out", output.GetProperty("direction").GetString());
    }

    [Fact]
    public void TimerFunctionPurgesOnAValidSixFieldSchedule()
    {
        var timers = Functions().Where(f => Bindings(f.Json).Any(b => Type(b) == "timerTrigger")).ToList();

        var timer = Assert.Single(timers);
        Assert.Equal(PurgeFunction.Name, timer.Name);
        var trigger = Assert.Single(Bindings(timer.Json));
        Assert.Equal("in", trigger.GetProperty("direction").GetString());
        var schedule = trigger.GetProperty("schedule").GetString()!;
        Assert.True(Ncrontab.IsValid(schedule), $"'{schedule}' is not a six-field NCRONTAB expression");
        // Catching up on a missed run at start-up would add work to a cold start for nothing.
        Assert.False(trigger.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean());
    }

    [Theory]
    [InlineData("0 */10 * * * *", true)]
    [InlineData("0 0 3 * * SUN", true)]
    [InlineData("30 5-59/15 0,12 1-31 JAN-DEC 0-6", true)]
    [InlineData("*/10 * * * *", false)]
    [InlineData("60 * * * * *", false)]
    [InlineData("0 * 24 * * *", false)]
    [InlineData("0 * * 0 * *", false)]
    [InlineData("0 * * * 13 *", false)]
    [InlineData("0 * * * * 7", false)]
    [InlineData("0 */0 * * * *", false)]
    [InlineData("0 5-1 * * * *", false)]
    [InlineData("0 *-5 * * * *", false)]
    public void NcrontabCheckKnowsValidFromInvalid(string expression, bool valid) =>
        Assert.Equal(valid, Ncrontab.IsValid(expression));

    [Fact]
    public async Task ExecutableListensOnlyOnTheCustomHandlerPortAndAnswersEveryDeclaredFunction()
    {
        var executable = Path.Combine(AppContext.BaseDirectory, ReadJson("host.json")
            .GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!);
        var port = FreePort.Next();
        // Whatever else an app's settings hold must not move the listener. The decoy ports are held
        // by this test: a service that tried to listen there too would fail to start.
        var decoys = new[] { new TcpListener(IPAddress.Loopback, 0), new TcpListener(IPAddress.Loopback, 0) };
        Array.ForEach(decoys, d => d.Start());
        using var stopDecoys = new Disposer(() => Array.ForEach(decoys, d => d.Stop()));
        var environment = Settings.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        environment["PORT"] = ((IPEndPoint)decoys[0].LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{((IPEndPoint)decoys[1].LocalEndpoint).Port}";
        var started = Stopwatch.StartNew();
        await using var process = new ChildProcess(executable, [], environment, workingDirectory: Path.GetTempPath());
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => process.Running);
        var startup = started.Elapsed;

        Assert.Equal([$"http://127.0.0.1:{port}"], await ListeningAddressesAsync(process));
        if (Socket.OSSupportsIPv6)
        {
            Assert.False(await ListensAsync(IPAddress.IPv6Loopback, port), "listens on [::1] too");
        }

        Assert.True(startup < TimeSpan.FromSeconds(10), $"started in {startup}");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var tenant = await NewTenantAsync();
        var revoke = await new SignedClient(http, tenant.AccessKeyId, tenant.Secret).RevokeAsync("layout-token", tenant.InstanceId);
        ApiAssert.Success(revoke);
        Assert.Equal(revoke.RequestId, Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).RequestId);

        var others = Functions().Where(f => !Bindings(f.Json).Any(b => Type(b) == "httpTrigger")).ToList();
        Assert.NotEmpty(others);
        foreach (var function in others)
        {
            var trigger = Bindings(function.Json).Single(b => b.GetProperty("direction").GetString() == "in");
            var invocation = "{\"Data\":{\"" + trigger.GetProperty("name").GetString() + "\":{\"IsPastDue\":false}},"
                + "\"Metadata\":{\"sys\":{\"MethodName\":\"" + function.Name + "\"}}}";
            using var content = new StringContent(invocation, Encoding.UTF8, "application/json");
            var answer = await SignedClient.ReadAsync(await http.PostAsync("/" + function.Name, content));

            Assert.True(answer.Status == HttpStatusCode.OK, $"{function.Name}: {answer}");
            Assert.Equal(["Outputs", "Logs", "ReturnValue"], answer.Json.EnumerateObject().Select(p => p.Name));
        }

        Assert.True(process.Running, process.Output);
    }

    /// <summary>The addresses the host reported listening on (its start-up log, read once it has been written).</summary>
    private static async Task<List<string>> ListeningAddressesAsync(ChildProcess process)
    {
        for (var wait = 0; wait < 50 && !process.Output.Contains("Application started", StringComparison.Ordinal); wait++)
        {
            await Task.Delay(100);
        }

        return ListeningLine().Matches(process.Output).Select(m => m.Groups[1].Value.Trim()).ToList();
    }

    [GeneratedRegex("Now listening on: (\\S+)")]
    private static partial Regex ListeningLine();

    private sealed class Disposer(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    private static JsonElement ReadJson(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath))).RootElement;

    /// <summary>Every folder at the repository root with a function.json: what publish.sh packages as a function.</summary>
    private static List<(string Name, JsonElement Json)> Functions() =>
        Directory.GetDirectories(RepositoryPaths.Root)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d => (Path.GetFileName(d), ReadJson(Path.Combine(Path.GetFileName(d), "function.json"))))
            .ToList();

    private static List<JsonElement> Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray().ToList();

    private static string? Type(JsonElement binding) => binding.GetProperty("type").GetString();

    private static async Task<bool> ListensAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        try
        {
            await client.ConnectAsync(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// The six-field NCRONTAB of Functions timer triggers: second minute hour day month day-of-week,
    /// each a list of <c>*</c>, <c>n</c> or <c>a-b</c>, optionally with <c>/step</c>.
    /// </summary>
    private static partial class Ncrontab
    {
        private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
        private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

        private static readonly (int Min, int Max, string[] Names, int NameBase)[] Fields =
        [
            (0, 59, [], 0), (0, 59, [], 0), (0, 23, [], 0), (1, 31, [], 0), (1, 12, Months, 1), (0, 6, Days, 0),
        ];

        public static bool IsValid(string expression)
        {
            var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 6 && fields.Select((f, i) => f.Split(',').All(item => IsValidItem(item, Fields[i]))).All(ok => ok);
        }

        private static bool IsValidItem(string item, (int Min, int Max, string[] Names, int NameBase) field)
        {
            var match = Item().Match(item);
            if (!match.Success)
            {
                return false;
            }

            if (match.Groups["step"].Success && !(int.TryParse(match.Groups["step"].Value, CultureInfo.InvariantCulture, out var step) && step >= 1))
            {
                return false;
            }

            if (match.Groups["from"].Value == "*")
            {
                return !match.Groups["to"].Success;
            }

            var from = Value(match.Groups["from"].Value, field);
            var to = match.Groups["to"].Success ? Value(match.Groups["to"].Value, field) : from;
            return from is { } a && to is { } b && a >= field.Min && b <= field.Max && a <= b;
        }

        private static int? Value(string text, (int Min, int Max, string[] Names, int NameBase) field)
        {
            var name = Array.IndexOf(field.Names, text.ToUpperInvariant());
            return name >= 0 ? name + field.NameBase : int.TryParse(text, CultureInfo.InvariantCulture, out var number) ? number : null;
        }

        [GeneratedRegex("^(?<from>\\*|[0-9]+|[A-Za-z]{3})(-(?<to>[0-9]+|[A-Za-z]{3}))?(/(?<step>[0-9]+))?$")]
        private static partial Regex Item();
    }
}
