using TokenService.Ledger;
using TokenService.Pipeline;
using TokenService.Rpc;
using TokenService.Tokens;

namespace TokenService.Operations;

/// <summary>
/// ApplyToken (docs/contract.md §5.3): validates the topic filters, expiry and actions, issues a signed token
/// (no storage: the token carries its claims), and commits the call's usage slot and nonce.
/// The token is only returned once that commit stood, so every token handed out was metered.
/// </summary>
internal sealed class ApplyTokenOperation(CallLedger ledger, TokenCodec codec, TimeProvider clock) : IRpcOperation
{
    public const string Name = ApiActions.ApplyToken;

    public string Action => Name;

    public IReadOnlyList<string> Methods { get; } = ["POST"];

    public Checked<IOperationCall> Validate(IReadOnlyDictionary<string, string> parameters)
    {
        var resources = TopicFilters.Parse(parameters.GetValueOrDefault("Resources"));
        if (!resources.IsValid)
        {
            return ErrorCatalog.InvalidParameter("Resources", resources.Error!);
        }

        if (TokenParameters.CheckInstanceId(parameters, out var instanceId) is { } instanceError)
        {
            return instanceError;
        }

        var now = clock.GetUtcNow();
        if (ExpireTime.Parse(parameters.GetValueOrDefault("ExpireTime"), now, out var expiresAt) is { } expiryError)
        {
            return expiryError;
        }

        if (!TokenActionsParser.TryParse(parameters.GetValueOrDefault("Actions"), out var actions))
        {
            return ErrorCatalog.InvalidParameter("Actions", "Actions must be R, W or R,W.");
        }

        // Issued here so that a token too long for the API is a parameter error, found before any
        // signature or storage work; it is only handed out after the commit below.
        var issue = codec.Issue(instanceId, actions, resources.Filters, now, expiresAt);
        if (!issue.Succeeded)
        {
            return ErrorCatalog.InvalidParameter("Resources", issue.Error);
        }

        return new OperationCall(instanceId, async (context, cancellationToken) =>
        {
            var result = await ledger.CommitAsync(context.Record(Name, instanceId), [], cancellationToken);
            return result.ToOutcome(Name, RpcResponse.With("Token", issue.Token));
        });
    }
}
