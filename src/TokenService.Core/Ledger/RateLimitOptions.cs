using TokenService.Rpc;

namespace TokenService.Ledger;

/// <summary>Per-account calls per second (<c>RateLimit__RevokeToken</c>, ...), all keys and instances together.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Upper bound of a configurable limit: a slot number has six digits in its row key.</summary>
    public const int MaxLimit = 999_999;

    public int RevokeToken { get; set; } = 5;
    public int ApplyToken { get; set; } = 100;
    public int QueryToken { get; set; } = 100;

    public int For(string action) => Math.Clamp(action switch
    {
        ApiActions.RevokeToken => RevokeToken,
        ApiActions.ApplyToken => ApplyToken,
        ApiActions.QueryToken => QueryToken,
        _ => 0,
    }, 0, MaxLimit);
}
