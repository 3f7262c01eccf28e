using TokenService.Rpc;

namespace TokenService.Pipeline;

/// <summary>
/// One API action. <see cref="Validate"/> checks the business parameters (the request-shape
/// stage, before any signature work) and returns a ready-to-run call, or the documented error.
/// </summary>
internal interface IRpcOperation
{
    string Action { get; }

    /// <summary>HTTP methods the action accepts (docs/contract.md §2.1).</summary>
    IReadOnlyList<string> Methods { get; }

    Checked<IOperationCall> Validate(IReadOnlyDictionary<string, string> parameters);
}

/// <summary>A validated call: runs after authentication, authorization and nothing else failed.</summary>
internal interface IOperationCall
{
    string InstanceId { get; }

    Task<Outcome> ExecuteAsync(CallContext context, CancellationToken cancellationToken);
}
