using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TokenService.Tokens;

/// <summary>
/// The signed payload of a v1 token. One format byte, 0 (body as is) or 1 (body Brotli-compressed),
/// then the body:
/// <code>
/// token id       16 bytes
/// issued at       8 bytes  Unix milliseconds, signed big-endian
/// expires at      8 bytes  Unix milliseconds, signed big-endian
/// actions         1 byte   1 = R, 2 = W, 3 = R,W
/// instance id     1 byte length + UTF-8
/// resource count  1 byte   1 to 100
/// each resource   1 byte length + UTF-8, sorted ordinal, distinct
/// </code>
/// Decoding is strict (no trailing bytes, every field in range) and never throws.
/// </summary>
internal static class TokenPayload
{
    /// <summary>Above the largest legal body (100 filters of 64 three-byte characters), so the cap only stops bombs.</summary>
    public const int MaxBodySize = 32 * 1024;

    private const byte Plain = 0;
    private const byte Brotli = 1;
    private const int TokenIdSize = 16;
    private const int MinCompressible = 128;

    // Quality 5 compresses a 100-filter list in tens of microseconds; 11 saves about 10 % more
    // but costs milliseconds, so it is only tried when the fast result does not fit.
    public const int FastQuality = 5;
    public const int SmallestQuality = 11;
    private const int BrotliWindow = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(TokenClaims claims, int quality)
    {
        var body = EncodeBody(claims);
        if (body.Length >= MinCompressible)
        {
            var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length) + 1];
            compressed[0] = Brotli;
            if (BrotliEncoder.TryCompress(body, compressed.AsSpan(1), out var written, quality, BrotliWindow) && written < body.Length)
            {
                return compressed[..(written + 1)];
            }
        }

        return [Plain, .. body];
    }

    public static TokenClaims? TryDecode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        if (payload[0] == Plain)
        {
            return TryDecodeBody(payload[1..]);
        }

        if (payload[0] != Brotli)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodySize);
        try
        {
            // A destination of fixed size bounds the output: a bomb fails as "does not fit".
            return BrotliDecoder.TryDecompress(payload[1..], buffer.AsSpan(0, MaxBodySize), out var written)
                ? TryDecodeBody(buffer.AsSpan(0, written))
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] EncodeBody(TokenClaims claims)
    {
        var instance = StrictUtf8.GetBytes(claims.InstanceId);
        var resources = claims.Resources.Select(StrictUtf8.GetBytes).ToArray();
        var body = new byte[TokenIdSize + 8 + 8 + 1 + 1 + instance.Length + 1 + resources.Sum(r => 1 + r.Length)];
        var span = body.AsSpan();
        Convert.FromHexString(claims.TokenId, span[..TokenIdSize], out _, out _);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], claims.IssuedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64BigEndian(span[24..], claims.ExpiresAt.ToUnixTimeMilliseconds());
        span[32] = (byte)claims.Actions;
        var position = 33;
        WriteField(span, ref position, instance);
        span[position++] = (byte)resources.Length;
        foreach (var resource in resources)
        {
            WriteField(span, ref position, resource);
        }

        return body;
    }

    private static void WriteField(Span<byte> span, ref int position, byte[] field)
    {
        span[position++] = checked((byte)field.Length);
        field.CopyTo(span[position..]);
        position += field.Length;
    }

    private static TokenClaims? TryDecodeBody(ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        if (!reader.TryRead(TokenIdSize, out var tokenId)
            || !reader.TryReadTime(out var issuedAt) || !reader.TryReadTime(out var expiresAt)
            || !reader.TryReadByte(out var actions) || actions is < 1 or > 3
            || !reader.TryReadString(out var instanceId)
            || !reader.TryReadByte(out var count) || count is < 1 or > TopicFilters.MaxCount
            || expiresAt <= issuedAt)
        {
            return null;
        }

        var resources = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadString(out var resource) || !TopicFilters.IsValidFilter(resource)
                || (i > 0 && string.CompareOrdinal(resources[i - 1], resource) >= 0))
            {
                return null;
            }

            resources[i] = resource;
        }

        return reader.AtEnd
            ? new TokenClaims(instanceId, (TokenActions)actions, resources, issuedAt, expiresAt, Convert.ToHexStringLower(tokenId))
            : null;
    }
}
