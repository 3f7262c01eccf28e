namespace TokenService.Signatures;

/// <summary>
/// What a request's signature claims, parsed by a scheme: who signed, when, with which nonce,
/// the server's StringToSign, and a check of the signature under a given secret.
/// </summary>
internal sealed record SignedRequest(
    string AccessKeyId,
    string Nonce,
    DateTimeOffset Timestamp,
    string? SecurityToken,
    string StringToSign,
    Func<string, bool> MatchesSecret);
