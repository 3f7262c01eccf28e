namespace TokenService.Accounts;

/// <summary>How long keys and instances may be served from memory (<c>Directory__CacheSeconds</c>).</summary>
internal sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary>
    /// The staleness bound: a disabled key or a moved instance is noticed by every service
    /// instance within this many seconds. 0 disables the cache.
    /// </summary>
    public double CacheSeconds { get; set; } = 5;
}
