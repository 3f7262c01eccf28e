using System.Diagnostics.CodeAnalysis;

namespace TokenService.Tokens;

/// <summary>
/// The outcome of <see cref="TokenCodec.Issue"/>: the token, or, when its resources do not fit in
/// <see cref="TokenCodec.MaxTokenLength"/> characters, an error fit for <c>InvalidParameter.Resources</c>.
/// </summary>
internal sealed class TokenIssue
{
    private TokenIssue(TokenClaims claims, string? token, string? error, int length)
    {
        Claims = claims;
        Token = token;
        Error = error;
        Length = length;
    }

    public TokenClaims Claims { get; }

    public string? Token { get; }

    public string? Error { get; }

    /// <summary>The token's length in characters, or the length it would have had.</summary>
    public int Length { get; }

    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded
    {
        get
        {
            if (Token is not null)
            {
                return true;
            }

            return Error is not null ? false : throw new InvalidOperationException("A token issue has a token or an error.");
        }
    }

    internal static TokenIssue Issued(TokenClaims claims, string token) => new(claims, token, null, token.Length);

    internal static TokenIssue TooLong(TokenClaims claims, int length) => new(claims, null,
        $"The resources do not fit in a token of at most {TokenCodec.MaxTokenLength} characters (it would have {length}); use fewer or shorter topic filters.",
        length);
}
