namespace TokenService.Tokens;

/// <summary>What a token allows on its resources: R (subscribe), W (publish), or both.</summary>
[Flags]
public enum TokenActions
{
    None = 0,
    Read = 1,
    Write = 2,
}
