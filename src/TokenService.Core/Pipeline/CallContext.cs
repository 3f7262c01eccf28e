using TokenService.Accounts;
using TokenService.Ledger;
using TokenService.Rpc;

namespace TokenService.Pipeline;

/// <summary>An authenticated, authorized call as an operation sees it.</summary>
internal sealed record CallContext(RpcRequest Request, Caller Caller, string Nonce, DateTimeOffset Now)
{
    /// <summary>What the ledger records for this call (account, action, instance, author, nonce).</summary>
    public CallRecord Record(string action, string instanceId) =>
        new(Caller.AccountId, action, instanceId, Request.RequestId, Caller.AccessKeyId, Nonce, Request.ClientAddress)
        {
            ParentAccessKeyId = Caller.ParentAccessKeyId,
        };
}
