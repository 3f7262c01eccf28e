using TokenService.Ledger;

namespace TokenService.Tokens;

/// <summary>How a token is named at rest: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
public static class TokenHash
{
    public static string Of(string token) => LedgerKeys.Hash(token);
}
