using System.Globalization;

namespace TokenService.Bench;

/// <summary>What <c>./bench.sh</c> passes: where Azurite and the builds are, where to write, how long to load.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: TokenService.Bench --azurite-port N --server DLL --function-app DIR --out-dir DIR [options]
          --azurite-port N       Azurite's table port on 127.0.0.1 (required)
          --azurite-pid N        Azurite's process id, for its CPU time (optional)
          --server DLL           the standalone server (TokenService.Server.dll): the load phases and a cold start (required)
          --function-app DIR     the published function app with ReadyToRun (artifacts/functionapp), started
                                 under the Functions host harness for its cold start (required)
          --function-app-jit DIR the same package published without ReadyToRun, for comparison (optional)
          --out-dir DIR          where benchmarks.md and benchmarks.svg are written (required)
          --repo DIR             the repository, for the commit id (default: current directory)
          --concurrency N        requests in flight, every phase (default 16)
          --duration S           measured seconds per phase (default 10)
          --warmup S             unmeasured seconds before each phase (default 2)
          --cold-starts N        process starts per build (default 10)
          --accounts N           tenant accounts the load is spread over (default 4)
          --service-env NAME=V   an extra environment variable for every service process (repeatable),
                                 to try a runtime setting (e.g. DOTNET_gcServer=0) against the defaults
          --smoke                1-second phases, 2 cold starts; checks that everything runs
        """;

    public int AzuritePort { get; init; }

    public int? AzuritePid { get; init; }

    /// <summary>The standalone server's dll, run with <c>dotnet</c>: every load phase, and one cold start.</summary>
    public string Server { get; init; } = "";

    /// <summary>The published function app (ReadyToRun), hosted by the Functions host harness.</summary>
    public string FunctionApp { get; init; } = "";

    public string? FunctionAppJit { get; init; }

    public string OutputDirectory { get; init; } = "";

    public string Repository { get; init; } = Directory.GetCurrentDirectory();

    public int Concurrency { get; init; } = 16;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int ColdStarts { get; init; } = 10;

    public int Accounts { get; init; } = 4;

    public bool Smoke { get; init; }

    /// <summary>Extra environment of the service processes (experiments); empty for the published defaults.</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The options, or null with a message on <paramref name="error"/> when the arguments are wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new BenchOptions();
        var smoke = args.Contains("--smoke");
        if (smoke)
        {
            options = options with { Smoke = true, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.FromSeconds(0.5), ColdStarts = 2 };
        }

        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--smoke")
            {
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--azurite-port": options = options with { AzuritePort = Int(value) }; break;
                case "--azurite-pid": options = options with { AzuritePid = Int(value) }; break;
                case "--server": options = options with { Server = Path.GetFullPath(value) }; break;
                case "--function-app": options = options with { FunctionApp = Path.GetFullPath(value) }; break;
                case "--function-app-jit": options = options with { FunctionAppJit = Path.GetFullPath(value) }; break;
                case "--out-dir": options = options with { OutputDirectory = Path.GetFullPath(value) }; break;
                case "--repo": options = options with { Repository = Path.GetFullPath(value) }; break;
                case "--concurrency": options = options with { Concurrency = Int(value) }; break;
                case "--duration": options = options with { Duration = Seconds(value) }; break;
                case "--warmup": options = options with { Warmup = Seconds(value) }; break;
                case "--cold-starts": options = options with { ColdStarts = Int(value) }; break;
                case "--accounts": options = options with { Accounts = Int(value) }; break;
                case "--service-env" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    var environment = new Dictionary<string, string>(options.ServiceEnvironment, StringComparer.Ordinal);
                    environment[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    options = options with { ServiceEnvironment = environment };
                    break;
                default:
                    error = $"unknown option {name}";
                    return null;
            }
        }

        error = options switch
        {
            { AzuritePort: <= 0 } => "--azurite-port is required",
            { Server: "" } => "--server is required",
            { FunctionApp: "" } => "--function-app is required",
            { OutputDirectory: "" } => "--out-dir is required",
            { Concurrency: < 1 or > 1024 } => "--concurrency must be 1 to 1024",
            { Accounts: < 1 or > 64 } => "--accounts must be 1 to 64",
            { ColdStarts: < 1 } => "--cold-starts must be at least 1",
            _ when options.Duration <= TimeSpan.Zero => "--duration must be positive",
            _ when !File.Exists(options.Server) => $"{options.Server} does not exist (dotnet build -c Release)",
            _ when !File.Exists(Path.Combine(options.FunctionApp, "worker.config.json")) => $"{options.FunctionApp} is not a published function app (run ./publish.sh)",
            _ when options.FunctionAppJit is { } jit && !File.Exists(Path.Combine(jit, "worker.config.json")) => $"{jit} is not a published function app",
            _ => null,
        };
        return error is null ? options : null;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
}
