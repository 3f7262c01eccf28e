namespace TokenService.Rpc;

/// <summary>
/// The API's actions, named once: the operations answer to these names, the rate limits are set
/// per name (<c>RateLimit__&lt;Action&gt;</c>), and key policies grant <c>mq:&lt;Action&gt;</c>.
/// </summary>
internal static class ApiActions
{
    public const string ApplyToken = "ApplyToken";
    public const string QueryToken = "QueryToken";
    public const string RevokeToken = "RevokeToken";

    public static IReadOnlyList<string> All { get; } = [ApplyToken, QueryToken, RevokeToken];
}
