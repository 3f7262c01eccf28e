namespace FunctionsHostHarness.Hosting;

/// <summary>What the harness needs to host one published function app.</summary>
public sealed record FunctionsHostOptions
{
    /// <summary>The package folder: host.json, worker.config.json, functions.metadata and the worker.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>Where the worker's output and the protocol milestones are written (appended).</summary>
    public required string LogFile { get; init; }

    /// <summary>The loopback port of the HTTP front end; 0 for a free one.</summary>
    public int HttpPort { get; init; }

    /// <summary>How long the worker may take from its start to its last FunctionLoadResponse.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The environment the worker gets on top of the harness's own (the host passes its
    /// environment, app settings included, to the worker): settings such as Storage__*.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The host version sent in WorkerInitRequest.</summary>
    public string HostVersion { get; init; } = "4.0.0";
}
