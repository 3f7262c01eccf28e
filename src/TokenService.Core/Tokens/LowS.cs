namespace TokenService.Tokens;

/// <summary>The s half of a P-256 signature, kept at most n/2 (see <see cref="TokenSigningKey"/>).</summary>
internal static class LowS
{
    // The order n of the P-256 group, and floor(n / 2), big-endian.
    private static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ];

    private static ReadOnlySpan<byte> HalfOrder =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8,
    ];

    public static bool IsLow(ReadOnlySpan<byte> s) => s.Length == 32 && s.SequenceCompareTo(HalfOrder) <= 0;

    /// <summary>Replaces s by n - s when s is high; both verify, only the low one is accepted.</summary>
    public static void Normalize(Span<byte> s)
    {
        if (IsLow(s))
        {
            return;
        }

        var borrow = 0;
        for (var i = 31; i >= 0; i--)
        {
            var difference = Order[i] - s[i] - borrow;
            borrow = difference < 0 ? 1 : 0;
            s[i] = (byte)(difference + (borrow << 8));
        }
    }
}
