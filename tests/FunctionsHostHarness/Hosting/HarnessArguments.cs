using System.Globalization;

namespace FunctionsHostHarness.Hosting;

/// <summary>The harness's command line.</summary>
public static class HarnessArguments
{
    public const string Usage = """
        usage: FunctionsHostHarness --app DIR [options]
          --app DIR          the published function app (host.json, worker.config.json, the worker)
          --port N           the HTTP front end's loopback port (default: a free one)
          --log FILE         the worker's output and the protocol's milestones (default: a temporary file)
          --timeout S        seconds the worker may take to load its functions (default 60)
          --env NAME=VALUE   an app setting for the worker, on top of the harness's environment (repeatable)
        """;

    public static FunctionsHostOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? app = null;
        string? logFile = null;
        var port = 0;
        var timeout = TimeSpan.FromSeconds(60);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (i + 1 >= args.Count)
            {
                error = $"{args[i]} needs a value";
                return null;
            }

            var (name, value) = (args[i], args[++i]);
            switch (name)
            {
                case "--app": app = value; break;
                case "--log": logFile = value; break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed < 65536: port = parsed; break;
                case "--timeout" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0: timeout = TimeSpan.FromSeconds(seconds); break;
                case "--env" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    environment[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return null;
            }
        }

        if (app is null)
        {
            error = "--app is required";
            return null;
        }

        return new FunctionsHostOptions
        {
            AppDirectory = app,
            HttpPort = port,
            StartupTimeout = timeout,
            Environment = environment,
            LogFile = logFile ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"functions-host-harness-{Environment.ProcessId}.log")),
        };
    }
}
