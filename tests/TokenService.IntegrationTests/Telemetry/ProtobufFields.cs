namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// Just enough of the protobuf wire format to walk an OTLP export request without generated
/// classes: a message is a sequence of (field number, wire type, value); nested messages and
/// strings are length-delimited byte ranges.
/// </summary>
public static class ProtobufFields
{
    /// <summary>The length-delimited values of field <paramref name="number"/> in a message.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Get(ReadOnlyMemory<byte> message, int number)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    ReadVarint(message.Span, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    if (field == number)
                    {
                        yield return message.Slice(position, length);
                    }

                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException($"unsupported wire type in field {field}");
            }
        }
    }

    /// <summary>Follows a path of nested message fields, e.g. resource_spans(1) / scope_spans(2) / spans(2).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Path(ReadOnlyMemory<byte> message, params int[] numbers)
    {
        IEnumerable<ReadOnlyMemory<byte>> level = [message];
        foreach (var number in numbers)
        {
            level = level.SelectMany(m => Get(m, number)).ToList();
        }

        return level;
    }

    public static string Text(ReadOnlyMemory<byte> value) => System.Text.Encoding.UTF8.GetString(value.Span);

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("varint too long");
    }
}
