namespace TokenService.Rpc;

/// <summary>What a call answers: a success response or an error.</summary>
public readonly record struct Outcome(RpcResponse? Response, ApiError? Error)
{
    public static implicit operator Outcome(ApiError error) => new(null, error);

    public static implicit operator Outcome(RpcResponse response) => new(response, null);
}
