using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TokenService.Accounts;

namespace TokenService.Tokens;

/// <summary>
/// Issues and verifies tokens: <c>v1.&lt;keyId&gt;.&lt;base64url(payload)&gt;.&lt;base64url(signature)&gt;</c>,
/// where the signature is ECDSA P-256 with SHA-256 over the ASCII of everything before the last dot
/// and the payload is <see cref="TokenPayload"/>. A broker holding only the public keys can verify a
/// token and read its claims without a storage round trip, but cannot make one. Thread-safe.
/// </summary>
internal sealed partial class TokenCodec
{
    /// <summary>The longest Token RevokeToken and QueryToken accept (docs/contract.md §5.1), so the longest issued.</summary>
    public const int MaxTokenLength = 4096;

    private const string Version = "v1";
    private const int TokenIdSize = 16;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly KeyRingSettings Settings = new(
        "Tokens__SigningKeys",
        "Tokens__CurrentKeyId",
        "No token signing key is configured: set Tokens__SigningKeys__<id> (base64 PKCS#8 of a P-256 private key) and Tokens__CurrentKeyId.");

    private readonly KeyRing<TokenSigningKey> _ring;

    public TokenCodec(IOptions<TokenSigningOptions> options)
    {
        var value = options.Value;
        _ring = KeyRing<TokenSigningKey>.Load(Settings, value.SigningKeys, value.CurrentKeyId,
            id => KeyIdPattern().IsMatch(id) ? null : "a key id must be 1 to 32 of A-Z a-z 0-9 - _ (it is written into every token).",
            TokenSigningKey.Load);
        PublicKeys = _ring.All.ToDictionary(k => k.Key, k => k.Value.PublicKey, StringComparer.Ordinal);
    }

    public string CurrentKeyId => _ring.CurrentId;

    /// <summary>Key id to base64 DER SubjectPublicKeyInfo of every configured key: what brokers verify with.</summary>
    public IReadOnlyDictionary<string, string> PublicKeys { get; }

    /// <summary>
    /// Signs a new token with a fresh random id. The resources should come from
    /// <see cref="TopicFilters.Parse"/>; they are sorted and de-duplicated again here. Times are cut to
    /// whole milliseconds. Fails (as a value) only when the token would be longer than <see cref="MaxTokenLength"/>.
    /// </summary>
    public TokenIssue Issue(string instanceId, TokenActions actions, IReadOnlyList<string> resources, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var sorted = Normalize(resources);
        issuedAt = Milliseconds(issuedAt);
        expiresAt = Milliseconds(expiresAt);
        CheckArguments(instanceId, actions, sorted, issuedAt, expiresAt);
        var claims = new TokenClaims(instanceId, actions, sorted, issuedAt, expiresAt,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenIdSize)));

        var token = Seal(TokenPayload.Encode(claims, TokenPayload.FastQuality));

        // The slow quality gains under 10 %: retrying further from the limit would only let a
        // caller buy milliseconds of CPU per request with resources that cannot fit anyway.
        if (token.Length > MaxTokenLength && token.Length <= MaxTokenLength + (MaxTokenLength / 8))
        {
            token = Seal(TokenPayload.Encode(claims, TokenPayload.SmallestQuality));
        }

        return token.Length <= MaxTokenLength ? TokenIssue.Issued(claims, token) : TokenIssue.TooLong(claims, token.Length);
    }

    /// <summary>
    /// The claims of a genuine token (well formed, signed by a configured key), or null. Expiry,
    /// instance and revocation are not checked here: callers do that with their own clock and store.
    /// Never throws, whatever the input.
    /// </summary>
    public TokenClaims? Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            return null;
        }

        var text = token.AsSpan();
        Span<Range> parts = stackalloc Range[5];
        if (text.Split(parts, '.') != 4 || !text[parts[0]].SequenceEqual(Version)
            || !_ring.TryGet(token[parts[1]], out var key))
        {
            return null;
        }

        Span<byte> signature = stackalloc byte[TokenSigningKey.SignatureSize];
        Span<byte> payload = stackalloc byte[MaxTokenLength];
        if (!TryDecodeCanonical(text[parts[3]], signature, out var signatureLength) || signatureLength != signature.Length
            || !TryDecodeCanonical(text[parts[2]], payload, out var payloadLength))
        {
            return null;
        }

        // Everything before the last dot is printable ASCII (checked above), so one char is one byte.
        var signed = Encoding.ASCII.GetBytes(token, 0, parts[2].End.Value);
        return key.Verify(signed, signature) ? TokenPayload.TryDecode(payload[..payloadLength]) : null;
    }

    /// <summary>The expiry of a genuine token, expired or not; null for anything else.</summary>
    public DateTimeOffset? ReadExpiry(string token) => Verify(token)?.ExpiresAt;

    /// <summary>Signs any payload with the current key; internal so tests can forge hostile payloads.</summary>
    internal string Seal(ReadOnlySpan<byte> payload)
    {
        var signed = $"{Version}.{_ring.Current.Id}.{Base64Url.EncodeToString(payload)}";
        return $"{signed}.{Base64Url.EncodeToString(_ring.Current.Sign(Encoding.ASCII.GetBytes(signed)))}";
    }

    private static string[] Normalize(IReadOnlyList<string> resources)
    {
        var sorted = resources.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    private static DateTimeOffset Milliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    // Caller bugs, not request errors: ApplyToken validates with TopicFilters and TokenActionsParser first.
    private static void CheckArguments(string instanceId, TokenActions actions, string[] resources, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        if (!Identifiers.IsInstanceId(instanceId))
        {
            throw new ArgumentException("An instance id is 1 to 64 of A-Z a-z 0-9 - _.", nameof(instanceId));
        }

        if (actions is not (TokenActions.Read or TokenActions.Write or (TokenActions.Read | TokenActions.Write)))
        {
            throw new ArgumentOutOfRangeException(nameof(actions), actions, "A token allows R, W or both.");
        }

        if (resources.Length is < 1 or > TopicFilters.MaxCount || !resources.All(TopicFilters.IsValidFilter))
        {
            throw new ArgumentException("Resources must be 1 to 100 valid topic filters; validate them with TopicFilters.Parse.", nameof(resources));
        }

        if (expiresAt <= issuedAt)
        {
            throw new ArgumentException("A token must expire after it is issued.", nameof(expiresAt));
        }
    }

    /// <summary>
    /// Base64url without padding, in its one canonical spelling: decoders ignore the unused low
    /// bits of the last character, so without this check a token would have several spellings,
    /// each with its own hash, and revoking one would leave the others valid.
    /// </summary>
    private static bool TryDecodeCanonical(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.IsEmpty || text.Length % 4 == 1 || text.ContainsAnyExcept(Base64UrlAlphabet)
            || Base64Url.GetMaxDecodedLength(text.Length) > destination.Length
            || Base64Url.DecodeFromChars(text, destination, out _, out written) != OperationStatus.Done)
        {
            return false;
        }

        Span<char> again = stackalloc char[text.Length];
        return Base64Url.EncodeToChars(destination[..written], again) == text.Length && again.SequenceEqual(text);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();
}
