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
}
