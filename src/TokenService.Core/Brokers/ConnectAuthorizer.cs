using Microsoft.Extensions.Logging;
using TokenService.Accounts;
using TokenService.Revocations;
using TokenService.Telemetry;
using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// The CONNECT decision for every broker (docs/contract.md §8.4). Checks that need no storage come first (shape,
/// signatures, instance, expiry, types), then the AccessKey and instance (cached by the
/// <see cref="AccountDirectory"/> for its staleness bound), then revocation, read from the store on
/// every CONNECT, never cached. An allowed CONNECT stores its session. Every refusal is a value with
/// a reason for the log, never an exception.
/// </summary>
internal sealed partial class ConnectAuthorizer(
    TokenCodec codec,
    AccountDirectory directory,
    RevocationLookup revocations,
    SessionStore sessions,
    SessionCache cache,
    TimeProvider clock,
    ILogger<ConnectAuthorizer> logger)
{
    public async Task<ConnectDecision> DecideAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        var decision = await DecideCoreAsync(request, cancellationToken);
        BrokerMetrics.RecordDecision(request.Broker, decision.Allowed ? BrokerMetrics.ConnectAllowed : BrokerMetrics.ConnectDenied);
        if (decision.Allowed)
        {
            LogAllowed(request.Broker, request.ClientId, decision.Session!.InstanceId, decision.Session.TokenHashes.Count);
        }
        else
        {
            // The client id is bounded and free of control characters only when valid: log it only then.
            LogDenied(request.Broker, ClientIds.IsValid(request.ClientId) ? request.ClientId : "(invalid)", decision.Reason);
        }

        return decision;
    }

    private async Task<ConnectDecision> DecideCoreAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        if (!ClientIds.IsValid(request.ClientId))
        {
            return ConnectDecision.Deny($"the client id is not 1 to {ClientIds.MaxLength} characters without control characters");
        }

        if (BrokerCredentials.Parse(request.Username, request.Password, out var reason) is not { } credentials)
        {
            return ConnectDecision.Deny(reason);
        }

        var now = clock.GetUtcNow();
        var grants = new List<SessionGrant>(credentials.Tokens.Count);
        var expires = DateTimeOffset.MaxValue;
        for (var i = 0; i < credentials.Tokens.Count; i++)
        {
            var (type, token) = credentials.Tokens[i];
            var claims = codec.Verify(token);
            if (TokenRefusal(claims, type, credentials.InstanceId, now) is { } refusal)
            {
                return ConnectDecision.Deny($"token {i + 1} {refusal}");
            }

            grants.Add(new SessionGrant(type, claims!.Resources));
            expires = claims.ExpiresAt < expires ? claims.ExpiresAt : expires;
        }

        var keyLookup = directory.FindKeyAsync(credentials.AccessKeyId, cancellationToken).AsTask();
        var instanceLookup = directory.FindInstanceAsync(credentials.InstanceId, cancellationToken).AsTask();
        await Task.WhenAll(keyLookup, instanceLookup);
        var (key, instance) = (keyLookup.Result, instanceLookup.Result);
        if (key is null || !key.Enabled)
        {
            return ConnectDecision.Deny(key is null ? "the AccessKeyId does not exist" : "the AccessKey is disabled");
        }

        if (instance is null || instance.AccountId != key.AccountId)
        {
            return ConnectDecision.Deny("the instance does not exist or is not the AccessKey's account's");
        }

        var tokenHashes = credentials.Tokens.Select(t => TokenHash.Of(t.Token)).Distinct(StringComparer.Ordinal).ToArray();
        var session = new BrokerSession(request.Broker, request.ClientId!, credentials.AccessKeyId, credentials.InstanceId,
            instance.AccountId, tokenHashes, grants, now, expires);

        await sessions.RecordPresentedAsync(session, cancellationToken);
        var found = await Task.WhenAll(credentials.Tokens.Select(t =>
            revocations.FindAsync(instance.AccountId, credentials.InstanceId, t.Token, cancellationToken)));
        if (Array.FindIndex(found, record => record is not null) is var revoked and >= 0)
        {
            return ConnectDecision.Deny($"token {revoked + 1} is revoked");
        }

        await sessions.SaveAsync(session, cancellationToken);
        cache.Put(session);
        return ConnectDecision.Allow(session);
    }

    private static string? TokenRefusal(TokenClaims? claims, TokenActions listedAs, string instanceId, DateTimeOffset now) => claims switch
    {
        null => "is not genuine",
        _ when claims.InstanceId != instanceId => "was issued for another instance",
        _ when claims.IsExpiredAt(now) => "has expired",
        _ when (listedAs & ~claims.Actions) != TokenActions.None => "does not grant the type it is listed with",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker {Broker} allowed CONNECT of client {ClientId} on {InstanceId} with {TokenCount} tokens")]
    private partial void LogAllowed(string broker, string? clientId, string instanceId, int tokenCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker {Broker} denied CONNECT of client {ClientId}: {Reason}")]
    private partial void LogDenied(string broker, string? clientId, string reason);
}
