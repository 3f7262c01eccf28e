using System.Text.Json;

namespace TokenService.Cli;

/// <summary>
/// What a verb prints: one JSON object with <c>--json</c>, readable lines otherwise. Errors go to
/// stderr (also as JSON with <c>--json</c>) and give exit code 1.
/// </summary>
public sealed class Output(bool json, TextWriter stdout, TextWriter stderr)
{
    public bool Json => json;

    public int Success(string text, params (string Name, object? Value)[] fields)
    {
        if (json)
        {
            stdout.WriteLine(ToJson(fields));
        }
        else
        {
            stdout.WriteLine(text);
        }

        return 0;
    }

    public int Failure(string message)
    {
        stderr.WriteLine(json ? ToJson([("Error", message)]) : "error: " + message);
        return 1;
    }

    /// <summary>Progress lines for long work: to stderr, so that stdout stays one JSON object.</summary>
    public void Progress(string line) => stderr.WriteLine(line);

    public static string ToJson(IEnumerable<(string Name, object? Value)> fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case DateTimeOffset d: writer.WriteStringValue(Signatures.Timestamps.Format(d)); break;
            case IEnumerable<(string Name, object? Value)> obj:
                writer.WriteStartObject();
                foreach (var (n, v) in obj)
                {
                    writer.WritePropertyName(n);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list when value is not string:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
