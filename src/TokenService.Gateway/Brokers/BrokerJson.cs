using System.Text.Json;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// Reads a broker's JSON body (EMQX, Event Grid) into its top-level string fields, bounded: a body
/// that is not a JSON object, too large or malformed reads as empty, so the decision is a deny.
/// Written for the trimmed, source-generated world: no serializer, only the reader and writer.
/// </summary>
internal static class BrokerJson
{
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<IReadOnlyDictionary<string, string>> ReadStringsAsync(HttpContext http)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return fields;
        }

        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > MaxBodyBytes)
            {
                return fields;
            }

            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return fields;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                // A repeated field is not trusted either way.
                if (property.Value.ValueKind == JsonValueKind.String && !fields.TryAdd(property.Name, property.Value.GetString()!))
                {
                    return new Dictionary<string, string>();
                }
            }
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or IOException)
        {
            return new Dictionary<string, string>();
        }

        return fields;
    }

    public static string? Field(this IReadOnlyDictionary<string, string> fields, string name) => fields.GetValueOrDefault(name);

    /// <summary>Writes a 200 JSON answer through <paramref name="write"/>.</summary>
    public static async Task WriteAsync(HttpContext http, Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(http.Response.Body))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
    }
}
