using TokenService.Accounts;
using TokenService.Rpc;
using TokenService.Tokens;

namespace TokenService.Operations;

/// <summary>Validation of the parameters the token operations share.</summary>
internal static class TokenParameters
{

    public static ApiError? CheckInstanceId(IReadOnlyDictionary<string, string> parameters, out string instanceId)
    {
        instanceId = parameters.GetValueOrDefault("InstanceId") ?? "";
        if (instanceId.Length == 0)
        {
            return ErrorCatalog.InvalidParameter("InstanceId", "InstanceId is mandatory for this action.");
        }

        return Identifiers.IsInstanceId(instanceId)
            ? null
            : ErrorCatalog.InvalidParameter("InstanceId", "InstanceId must be 1 to 64 of A-Z a-z 0-9 - _.");
    }

    /// <summary>
    /// 1 to 4096 printable ASCII characters. A string of that shape that is not a genuine token
    /// is not an error (RFC 7009: nothing is learned by probing); anything else is.
    /// </summary>
    public static ApiError? CheckToken(IReadOnlyDictionary<string, string> parameters, out string token)
    {
        token = parameters.GetValueOrDefault("Token") ?? "";
        if (token.Length == 0)
        {
            return ErrorCatalog.InvalidParameter("Token", "Token is mandatory for this action.");
        }

        if (token.Length > TokenCodec.MaxTokenLength)
        {
            return ErrorCatalog.InvalidParameter("Token", $"Token must be at most {TokenCodec.MaxTokenLength} characters.");
        }

        foreach (var c in token)
        {
            if (c is < '!' or > '~')
            {
                return ErrorCatalog.InvalidParameter("Token", "Token must consist of printable ASCII characters.");
            }
        }

        return null;
    }
}
