namespace TokenService.Rpc;

/// <summary>
/// A well-formed RPC call as read off the wire: every parameter once (query and form body
/// merged), the lower-cased headers the signature schemes need, and the raw body for V3's
/// payload hash. Built by the gateway, consumed by <c>Pipeline.CallPipeline</c>.
/// </summary>
public sealed class RpcRequest
{
    public required string Method { get; init; }

    /// <summary>The Host header as the client sent it (V3 signs it).</summary>
    public required string Host { get; init; }

    /// <summary>Query and form parameters merged; each name occurs once.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Query-string parameters only (V3 canonical query).</summary>
    public required IReadOnlyDictionary<string, string> QueryParameters { get; init; }

    /// <summary>Headers with lower-cased names.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    public string? ClientAddress { get; init; }

    public required string RequestId { get; init; }

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The action: the <c>Action</c> parameter (V1) or the <c>x-acs-action</c> header (V3).</summary>
    public string? Action => Parameter("Action") ?? Header("x-acs-action");

    /// <summary>The API version: the <c>Version</c> parameter (V1) or the <c>x-acs-version</c> header (V3).</summary>
    public string? Version => Parameter("Version") ?? Header("x-acs-version");
}
