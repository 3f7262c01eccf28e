using Microsoft.Extensions.Logging;
using TokenService.Disconnects;
using TokenService.Ledger;
using TokenService.Pipeline;
using TokenService.Revocations;
using TokenService.Rpc;
using TokenService.Tokens;

namespace TokenService.Operations;

/// <summary>
/// RevokeToken (docs/contract.md §5.2): idempotent, durable before the 200, answered 200 for unknown and expired
/// tokens (RFC 7009), rate-limited and metered through the call's ledger transaction, which also records
/// that the token's broker connections are to be closed.
/// </summary>
internal sealed class RevokeTokenOperation(
    CallLedger ledger,
    TokenCodec codec,
    ConnectionClosers closers,
    DisconnectDispatcher disconnects,
    ILogger<RevokeTokenOperation> logger) : IRpcOperation
{
    public const string Name = ApiActions.RevokeToken;

    public string Action => Name;

    public IReadOnlyList<string> Methods { get; } = ["POST"];

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

        return new OperationCall(instanceId, (context, cancellationToken) => RevokeAsync(context, token, instanceId, cancellationToken));
    }

    private async Task<Outcome> RevokeAsync(CallContext context, string token, string instanceId, CancellationToken cancellationToken)
    {
        var record = context.Record(Name, instanceId);
        var tokenHash = TokenHash.Of(token);
        var revocation = RevocationRecord.Create(record, tokenHash, context.Now, codec.ReadExpiry(token));

        // With a broker API configured, the same transaction records that the token's connections
        // must be closed (docs/brokers.md, "Disconnects"): durable before the 200, carried out after it.
        var intent = closers.AnyConfigured
            ? new DisconnectIntent(record.AccountId, instanceId, tokenHash, context.Now, revocation.ExpiresAt!.Value)
            : null;
        var result = await ledger.CommitAsync(record, intent is null ? [revocation] : [revocation, intent.ToWrite(record)], cancellationToken);
        if (result.Status == CommitStatus.Committed)
        {
            if (intent is not null)
            {
                disconnects.Enqueue(intent);
            }

            // Only a prefix of the hash: enough to correlate with the stored record, never the token.
            logger.LogInformation("Revoked token {TokenHash} on {InstanceId} by {AccessKeyId} ({RequestId})",
                tokenHash[..16], instanceId, record.AccessKeyId, record.RequestId);
        }

        return result.ToOutcome(Name, RpcResponse.Empty);
    }
}
