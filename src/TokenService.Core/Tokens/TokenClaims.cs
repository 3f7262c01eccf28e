namespace TokenService.Tokens;

/// <summary>
/// What a token says: the instance it is for, the actions it allows on its MQTT topic filters
/// (sorted ordinal, distinct), when it was issued and expires (whole milliseconds), and its unique
/// id (32 lower-case hex digits of 16 random bytes).
/// </summary>
/// <remarks>Record equality compares <see cref="Resources"/> by reference; compare the lists themselves when that matters.</remarks>
internal sealed record TokenClaims(
    string InstanceId,
    TokenActions Actions,
    IReadOnlyList<string> Resources,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string TokenId)
{
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
