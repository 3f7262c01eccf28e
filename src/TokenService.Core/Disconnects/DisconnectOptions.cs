namespace TokenService.Disconnects;

/// <summary>How the service closes the connections of revoked and expired tokens (<c>Brokers__Disconnects__*</c>).</summary>
internal sealed class DisconnectOptions
{
    public const string Section = "Brokers:Disconnects";

    /// <summary>How often the standalone server's sweep runs (seconds); the function app's timer runs every 5 s.</summary>
    public double SweepSeconds { get; set; } = 1;

    /// <summary>
    /// The sweep takes over a pending revocation only once it is this old (seconds): until then the
    /// process that committed it is closing its connections.
    /// </summary>
    public double TakeOverSeconds { get; set; } = 10;

    /// <summary>The longest wait between two tries of a revocation whose broker did not answer (seconds).</summary>
    public double MaxRetrySeconds { get; set; } = 30;

    /// <summary>
    /// How long a token index row may wait for its session (seconds): a CONNECT writes the index row
    /// before it reads revocations and its session after, so a revocation can see the first without
    /// the second for a moment. An index row older than this without its session was refused.
    /// </summary>
    public double ConnectGraceSeconds { get; set; } = 10;

    /// <summary>The timeout of one request to a broker's API (seconds).</summary>
    public double RequestTimeoutSeconds { get; set; } = 3;
}
