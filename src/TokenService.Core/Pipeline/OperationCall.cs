using TokenService.Rpc;

namespace TokenService.Pipeline;

/// <summary>A validated call as a closure over its parameters.</summary>
internal sealed class OperationCall(string instanceId, Func<CallContext, CancellationToken, Task<Outcome>> execute) : IOperationCall
{
    public string InstanceId => instanceId;

    public Task<Outcome> ExecuteAsync(CallContext context, CancellationToken cancellationToken) => execute(context, cancellationToken);
}
