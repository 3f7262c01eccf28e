namespace TokenService.Storage;

/// <summary>Where the tables live. Bound from <c>Storage__*</c> environment variables.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Azurite's well-known development connection string.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>A connection string (Azurite locally). Takes precedence over <see cref="TableServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, used with Azure.Identity (no keys) when no connection string is set.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity, when one is used.</summary>
    public string? ClientId { get; set; }

    /// <summary>Prefix for every table name, so that several deployments or test runs can share one account.</summary>
    public string TablePrefix { get; set; } = "Mqtt";

    /// <summary>
    /// How long one try of a storage request may take before it is abandoned and retried
    /// (<c>Storage__TryTimeoutSeconds</c>). Table Storage answers in milliseconds; a try that
    /// takes seconds is a hung connection or a stalled store, and a fresh try may still succeed.
    /// </summary>
    public double TryTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// The most time a call may spend before it is answered (<c>Storage__CallBudgetSeconds</c>):
    /// past it the call gets SystemOverFlow with its RequestId. Below what clients wait for an
    /// answer (the Alibaba SDKs' read timeouts are 10 s), so that a hanging store gives callers
    /// an answer they can retry on rather than their own timeout.
    /// </summary>
    public double CallBudgetSeconds { get; set; } = 5;

    public TimeSpan TryTimeout => TimeSpan.FromSeconds(TryTimeoutSeconds);

    public TimeSpan CallBudget => TimeSpan.FromSeconds(CallBudgetSeconds);
}
