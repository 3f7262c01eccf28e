using TokenService.Accounts;
using TokenService.Rpc;

namespace TokenService.Signatures;

/// <summary>
/// The signature stage: timestamp window, AccessKey look-up (long-term or STS), signature
/// comparison in constant time. Replay (nonce reuse) is enforced where the call commits, in the
/// same transaction as its effects (see <see cref="Ledger.CallLedger"/>).
/// </summary>
internal sealed class RequestAuthenticator(AccountDirectory directory, StsIssuer sts, TimeProvider clock)
{
    /// <summary>Parses the signature off the request: V3 when an ACS3 Authorization header is present, else V1.</summary>
    public static Checked<SignedRequest> Parse(RpcRequest request) =>
        request.Header("authorization") is not null ? V3Signature.Parse(request) : V1Signature.Parse(request);

    public async Task<Checked<Caller>> AuthenticateAsync(SignedRequest signature, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!Timestamps.WithinWindow(signature.Timestamp, now))
        {
            return ErrorCatalog.InvalidTimeStampExpired;
        }

        return StsIssuer.IsTemporary(signature.AccessKeyId)
            ? await AuthenticateTemporaryAsync(signature, now, cancellationToken)
            : await AuthenticateLongTermAsync(signature, cancellationToken);
    }

    private async Task<Checked<Caller>> AuthenticateLongTermAsync(SignedRequest signature, CancellationToken cancellationToken)
    {
        var key = await directory.FindKeyAsync(signature.AccessKeyId, cancellationToken);
        if (key is null)
        {
            return ErrorCatalog.AccessKeyNotFound;
        }

        if (!key.Enabled)
        {
            return ErrorCatalog.AccessKeyInactive;
        }

        return signature.MatchesSecret(key.Secret)
            ? new Caller(key.AccessKeyId, key.AccountId, key.Policy)
            : ErrorCatalog.SignatureDoesNotMatch(signature.StringToSign);
    }

    /// <summary>
    /// STS: the SecurityToken must open for this AccessKeyId, be unexpired, and its parent key must
    /// still exist and be enabled; the effective policy is the parent's narrowed by the token's.
    /// </summary>
    private async Task<Checked<Caller>> AuthenticateTemporaryAsync(SignedRequest signature, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(signature.SecurityToken)
            || sts.Open(signature.AccessKeyId, signature.SecurityToken) is not { } credential
            || credential.Expiration <= now)
        {
            return ErrorCatalog.CheckAccountInfoFailed;
        }

        var parent = await directory.FindKeyAsync(credential.ParentAccessKeyId, cancellationToken);
        if (parent is null || !parent.Enabled || parent.AccountId != credential.AccountId)
        {
            return ErrorCatalog.CheckAccountInfoFailed;
        }

        if (!signature.MatchesSecret(credential.Secret))
        {
            return ErrorCatalog.SignatureDoesNotMatch(signature.StringToSign);
        }

        var narrowing = AccessPolicy.Parse(credential.Actions, credential.Instances, out _);
        var caller = new Caller(credential.AccessKeyId, credential.AccountId, parent.Policy.Intersect(narrowing))
        {
            ParentAccessKeyId = parent.AccessKeyId,
        };
        return caller;
    }
}
