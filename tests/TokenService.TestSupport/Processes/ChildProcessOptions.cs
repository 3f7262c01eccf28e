namespace TokenService.TestSupport.Processes;

/// <summary>
/// How a <see cref="ChildProcess"/> starts and what it keeps of its output. The defaults suit a
/// test's helper process (the current directory, the caller's environment, the output kept up to
/// 16 million characters); a long-running service keeps only its last lines, and a process whose
/// lines go elsewhere (<see cref="OnLine"/>, the harness's log) can keep none.
/// </summary>
public sealed record ChildProcessOptions
{
    /// <summary>The working directory; null: the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Which inherited environment variables to drop before the process's own environment is added; null: none.</summary>
    public Func<string, bool>? RemoveInherited { get; init; }

    /// <summary>Called with every line of standard output and standard error as it arrives (on a thread-pool thread).</summary>
    public Action<OutputSource, string>? OnLine { get; init; }

    /// <summary>Keep only this many last lines in <see cref="ChildProcess.Output"/> (0: none); null keeps every line up to <see cref="MaxOutputCharacters"/>.</summary>
    public int? KeepLastLines { get; init; }

    /// <summary>
    /// With <see cref="KeepLastLines"/> null, lines stop being kept once this many characters are:
    /// bounded, but enough for a load run's log (FaultsUnderLoadTests counts its fence lines).
    /// </summary>
    public int MaxOutputCharacters { get; init; } = 16_000_000;
}

/// <summary>Which of a process's streams a line came from.</summary>
public enum OutputSource
{
    StandardOutput,
    StandardError,
}
