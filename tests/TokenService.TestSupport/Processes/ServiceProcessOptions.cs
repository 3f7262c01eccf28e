namespace TokenService.TestSupport.Processes;

/// <summary>
/// How a <see cref="ServiceProcess"/> runs. The defaults are the bench's: the program's folder as
/// working directory, the service's settings taken only from the caller (never from the shell that
/// started the run), and the last 40 lines of output kept for error messages. The integration
/// tests keep the whole output instead, since some count its lines.
/// </summary>
public sealed record ServiceProcessOptions
{
    public static ServiceProcessOptions Default { get; } = new();

    /// <summary>The working directory; null: the folder of the program.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Drop inherited service settings (<see cref="IsServiceSetting"/>) before the caller's are added.</summary>
    public bool ClearInheritedSettings { get; init; } = true;

    /// <summary>See <see cref="ChildProcessOptions.KeepLastLines"/>: null keeps the whole (bounded) output.</summary>
    public int? KeptLines { get; init; } = 40;

    /// <summary>An environment variable the service reads as one of its settings.</summary>
    public static bool IsServiceSetting(string name) =>
        name is "PORT" or "ASPNETCORE_URLS"
        || name.StartsWith("Storage__", StringComparison.Ordinal)
        || name.StartsWith("Secrets__", StringComparison.Ordinal)
        || name.StartsWith("Tokens__", StringComparison.Ordinal)
        || name.StartsWith("RateLimit__", StringComparison.Ordinal)
        || name.StartsWith("Directory__", StringComparison.Ordinal);
}
