using System.Net;
using System.Text.Json;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>An answer of the service: status, headers and the JSON body (always present, success or error).</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Field(string name) =>
        Json.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;

    public string? Code => Field("Code");

    public string? RequestId => Field("RequestId");

    public override string ToString() => $"{(int)Status} {Body}";
}
