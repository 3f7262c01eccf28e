using TokenService.Rpc;

namespace TokenService.Signatures;

/// <summary>A parsed signature or the documented error for a malformed one.</summary>
public readonly record struct SignatureParse(SignedRequest? Request, ApiError? Error)
{
    public static implicit operator SignatureParse(ApiError error) => new(null, error);

    public static implicit operator SignatureParse(SignedRequest request) => new(request, null);
}
