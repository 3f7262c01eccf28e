namespace TokenService.Disconnects;

/// <summary>The configured <see cref="IConnectionCloser"/>s, by broker kind.</summary>
internal sealed class ConnectionClosers(IEnumerable<IConnectionCloser> closers)
{
    private readonly Dictionary<string, IConnectionCloser> _configured =
        closers.Where(c => c.IsConfigured).ToDictionary(c => c.Broker, StringComparer.Ordinal);

    /// <summary>True when some broker's API is configured: only then does a revocation record a disconnect.</summary>
    public bool AnyConfigured => _configured.Count > 0;

    /// <summary>The closer of a broker kind; null when it has none (Event Grid) or it is not configured.</summary>
    public IConnectionCloser? For(string broker) => _configured.GetValueOrDefault(broker);

    /// <summary>The brokers whose connections the service itself must end at their token's expiry.</summary>
    public IEnumerable<IConnectionCloser> ClosingAtExpiry => _configured.Values.Where(c => c.ClosesAtExpiry);
}
