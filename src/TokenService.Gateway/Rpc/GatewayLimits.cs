namespace TokenService.Gateway.Rpc;

/// <summary>
/// Bounds on what a request may carry, so that no input can make the service allocate or work
/// without limit. The largest legitimate parameter is ApplyToken's Resources (100 filters of 64
/// characters: about 6.5 KB); a Token is at most 4096 characters.
/// </summary>
internal static class GatewayLimits
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxQueryLength = 16 * 1024;
    public const int MaxParameters = 64;
    public const int MaxNameLength = 128;
    public const int MaxValueLength = 8 * 1024;

    /// <summary>
    /// How much of a refused body is read and discarded to keep the client's connection usable
    /// (see <see cref="UnreadBody"/>); the standalone server lets Kestrel read this much. Beyond
    /// it the answer says <c>Connection: close</c> instead.
    /// </summary>
    public const int MaxDrainBytes = 4 * 1024 * 1024;

    /// <summary>All request headers together (V3 puts its signature material in headers).</summary>
    public const int MaxHeaderBytes = 32 * 1024;
}
