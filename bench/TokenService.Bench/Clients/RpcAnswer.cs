using System.Text.Json;

namespace TokenService.Bench.Clients;

/// <summary>A service answer: status and body, parsed only when a field is asked for (not on the hot path).</summary>
internal sealed record RpcAnswer(int Status, string Body)
{
    public bool Ok => Status == 200;

    /// <summary>QueryToken's <c>TokenStatus</c> without parsing: the writer emits <c>"TokenStatus":true</c>.</summary>
    public bool TokenStatusTrue => Body.Contains("\"TokenStatus\":true", StringComparison.Ordinal);

    public string? Field(string name)
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.TryGetProperty(name, out var value) ? value.ToString() : null;
    }

    public override string ToString() => $"{Status} {Body}";
}
