using TokenService.Ledger;
using TokenService.Pipeline;
using TokenService.Revocations;
using TokenService.Rpc;
using TokenService.Tokens;

namespace TokenService.Operations;

/// <summary>
/// QueryToken (docs/contract.md §5.4): <c>TokenStatus</c> is true only for a genuine token of this instance that
/// has not expired and has no revocation record; anything else is false, never an error. The
/// revocation is read before the call commits (usage slot and nonce), so an answer is metered
/// exactly when it is sent, and a revocation answered 200 before the read is always seen.
/// </summary>
internal sealed class QueryTokenOperation(CallLedger ledger, TokenCodec codec, RevocationLookup revocations) : IRpcOperation
{
    public const string Name = ApiActions.QueryToken;

    public string Action => Name;

    public IReadOnlyList<string> Methods { get; } = ["GET", "POST"];

    public Checked<IOperationCall> Validate(IReadOnlyDictionary<string, string> parameters)
    {
        if (TokenParameters.CheckToken(parameters, out var token) is { } tokenError)
        {
            return tokenError;
        }

        if (TokenParameters.CheckInstanceId(parameters, out var instanceId) is { } instanceError)
        {
            return instanceError;
        }

        return new OperationCall(instanceId, async (context, cancellationToken) =>
        {
            var valid = await IsValidAsync(context, token, instanceId, cancellationToken);
            var result = await ledger.CommitAsync(context.Record(Name, instanceId), [], cancellationToken);
            return result.ToOutcome(Name, RpcResponse.With("TokenStatus", valid));
        });
    }

    private async Task<bool> IsValidAsync(CallContext context, string token, string instanceId, CancellationToken cancellationToken)
    {
        var claims = codec.Verify(token);
        if (claims is null || claims.InstanceId != instanceId || claims.IsExpiredAt(context.Now))
        {
            // Nothing to read: a token that is not genuine, foreign or expired is false anyway.
            return false;
        }

        return await revocations.FindAsync(context.Caller.AccountId, instanceId, token, cancellationToken) is null;
    }
}
