using TokenService.Rpc;

namespace TokenService.Ledger;

internal static class CommitResultExtensions
{
    /// <summary>Maps a commit to the caller's answer: the success response, or the documented error.</summary>
    public static Outcome ToOutcome(this CommitResult result, string action, RpcResponse success) => result.Status switch
    {
        CommitStatus.Committed => success,
        CommitStatus.NonceUsed => ErrorCatalog.SignatureNonceUsed,
        _ => ErrorCatalog.OverFlow(action, result.RetryAfter),
    };
}
