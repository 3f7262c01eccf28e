using TokenService.Accounts;
using TokenService.Ledger;
using TokenService.Rpc;
using TokenService.Signatures;
using TokenService.Telemetry;

namespace TokenService.Pipeline;

/// <summary>
/// The one place where the check order of docs/contract.md §7.2 lives: request shape (action, version, method,
/// common and business parameters), signature, account and instance, permission, then the
/// operation (whose ledger commit enforces the rate limit and meters). Nothing reaches an
/// operation until every earlier check passed, and no check before the commit writes anything.
/// </summary>
/// <remarks>
/// The hosts see only this class and the request and answer vocabulary (<see cref="Rpc"/>); its
/// constructor is internal, so the stages it calls stay internal too (the container builds it
/// through <see cref="PipelineServiceCollectionExtensions.AddCallPipeline"/>).
/// </remarks>
public sealed class CallPipeline
{
    private readonly Dictionary<string, IRpcOperation> _operations;
    private readonly RequestAuthenticator _authenticator;
    private readonly AccountDirectory _directory;
    private readonly CallLedger _ledger;
    private readonly TimeProvider _clock;

    internal CallPipeline(
        IEnumerable<IRpcOperation> operations, RequestAuthenticator authenticator, AccountDirectory directory, CallLedger ledger, TimeProvider clock)
    {
        _operations = operations.ToDictionary(o => o.Action, StringComparer.Ordinal);
        _authenticator = authenticator;
        _directory = directory;
        _ledger = ledger;
        _clock = clock;
    }

    public IReadOnlyCollection<string> Actions => _operations.Keys;

    /// <summary>The action as a bounded telemetry dimension: one the service has, else <see cref="TelemetryTags.OtherAction"/>.</summary>
    public string KnownAction(string? action) =>
        action is not null && _operations.ContainsKey(action) ? action : TelemetryTags.OtherAction;

    public async Task<Outcome> RunAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        // 1. Request shape.
        var action = request.Action;
        if (string.IsNullOrEmpty(action))
        {
            return ErrorCatalog.Missing("Action");
        }

        if (!_operations.TryGetValue(action, out var operation))
        {
            return ErrorCatalog.ApiNotSupport;
        }

        if (string.IsNullOrEmpty(request.Version))
        {
            return ErrorCatalog.Missing("Version");
        }

        if (!CommonParameters.IsSupportedVersion(request.Version))
        {
            return ErrorCatalog.ApiNotSupport;
        }

        if (!operation.Methods.Contains(request.Method))
        {
            return ErrorCatalog.UnsupportedHttpMethod(request.Method, action);
        }

        var signature = RequestAuthenticator.Parse(request);
        if (signature.Error is { } signatureError)
        {
            return signatureError;
        }

        var validated = operation.Validate(request.Parameters);
        if (validated.Error is { } parameterError)
        {
            return parameterError;
        }

        var call = validated.Value!;
        CallTelemetry.TagInstance(call.InstanceId);

        // 2. Signature.
        var authentication = await _authenticator.AuthenticateAsync(signature.Value!, cancellationToken);
        if (authentication.Error is { } authenticationError)
        {
            return authenticationError;
        }

        var caller = authentication.Value!;
        var nonce = signature.Value!.Nonce;

        // 3. Account and instance: unknown and foreign instances are indistinguishable.
        var instance = await _directory.FindInstanceAsync(call.InstanceId, cancellationToken);
        if (instance is null || instance.AccountId != caller.AccountId)
        {
            return await ReplayOrAsync(caller, nonce, ErrorCatalog.InstancePermissionCheckFailed, cancellationToken);
        }

        // 4. Permission.
        if (!caller.Policy.Allows(action, call.InstanceId))
        {
            return await ReplayOrAsync(caller, nonce, ErrorCatalog.PermissionCheckFailed, cancellationToken);
        }

        // 5 and 6. Rate limit, metering and the operation, committed together.
        var context = new CallContext(request, caller, nonce, _clock.GetUtcNow());
        var outcome = await call.ExecuteAsync(context, cancellationToken);
        // Only the rate limit's refusal (<Action>OverFlow) carries a Retry-After.
        if (outcome.Error is { RetryAfter: not null })
        {
            CallMetrics.RecordThrottled(action);
        }

        return outcome;
    }

    /// <summary>A replayed nonce belongs to the signature stage, so it is reported before a later stage's error.</summary>
    private async Task<ApiError> ReplayOrAsync(Caller caller, string nonce, ApiError laterError, CancellationToken cancellationToken) =>
        await _ledger.IsNonceUsedAsync(caller.AccountId, caller.AccessKeyId, nonce, cancellationToken)
            ? ErrorCatalog.SignatureNonceUsed
            : laterError;
}
