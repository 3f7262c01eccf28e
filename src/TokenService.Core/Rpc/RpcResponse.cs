namespace TokenService.Rpc;

/// <summary>The action-specific fields of a success answer; <c>RequestId</c> is added by the writer.</summary>
public sealed record RpcResponse(IReadOnlyList<KeyValuePair<string, object>> Fields)
{
    public static readonly RpcResponse Empty = new([]);

    public static RpcResponse With(string name, object value) => new([new(name, value)]);
}
