using TokenService.Tokens;

namespace TokenService.Operations;

/// <summary>
/// The ApplyToken <c>Actions</c> parameter: <c>R</c> (subscribe), <c>W</c> (publish), <c>R,W</c>,
/// and <c>W,R</c> as the same grant written the other way round. Anything else is refused rather
/// than guessed at: empty, lower case, spaces, <c>RW</c> (that spelling belongs to the MQTT
/// password, not to this API) and repeats such as <c>R,R</c>.
/// </summary>
internal static class TokenActionsParser
{
    public static bool TryParse(string? text, out TokenActions actions)
    {
        actions = text switch
        {
            "R" => TokenActions.Read,
            "W" => TokenActions.Write,
            "R,W" or "W,R" => TokenActions.Read | TokenActions.Write,
            _ => TokenActions.None,
        };
        return actions != TokenActions.None;
    }

    /// <summary>The canonical spelling: <c>R</c>, <c>W</c> or <c>R,W</c>.</summary>
    public static string Format(TokenActions actions) => actions switch
    {
        TokenActions.Read => "R",
        TokenActions.Write => "W",
        TokenActions.Read | TokenActions.Write => "R,W",
        _ => throw new ArgumentOutOfRangeException(nameof(actions), actions, "A token allows R, W or both."),
    };
}
