using TokenService.Accounts;
using TokenService.Rpc;

namespace TokenService.Signatures;

/// <summary>The signature stage's result: the authenticated caller and the request's nonce, or an error.</summary>
public readonly record struct Authentication(Caller? Caller, string Nonce, ApiError? Error)
{
    public static implicit operator Authentication(ApiError error) => new(null, "", error);
}
