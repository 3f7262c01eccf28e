using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace TokenService.Tokens;

/// <summary>Reads <see cref="TokenPayload"/> fields; every method says false rather than throw.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> data)
{
    private static readonly long MinTime = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxTime = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public bool TryRead(int length, out ReadOnlySpan<byte> bytes)
    {
        if (_rest.Length < length)
        {
            bytes = default;
            return false;
        }

        bytes = _rest[..length];
        _rest = _rest[length..];
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        var ok = TryRead(1, out var bytes);
        value = ok ? bytes[0] : (byte)0;
        return ok;
    }

    public bool TryReadTime(out DateTimeOffset value)
    {
        value = default;
        if (!TryRead(8, out var bytes))
        {
            return false;
        }

        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (milliseconds < MinTime || milliseconds > MaxTime)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    /// <summary>A length byte then that many bytes of well-formed UTF-8, at least one.</summary>
    public bool TryReadString(out string value)
    {
        value = "";
        if (!TryReadByte(out var length) || length == 0 || !TryRead(length, out var bytes) || !Utf8.IsValid(bytes))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
