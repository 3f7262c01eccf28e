using System.Text.Json;
using FunctionsHostHarness.Protocol.Messages;

namespace FunctionsHostHarness.Functions;

/// <summary>
/// One binding of an indexed function, read from the raw binding JSON the worker returns in
/// FunctionMetadataResponse (the same shape as functions.metadata): name, type, direction,
/// dataType, the "properties" bag, and for the triggers used here route/methods/authLevel or schedule.
/// </summary>
public sealed record FunctionBinding(string Name, string Type, BindingInfo.Types.Direction Direction, BindingInfo.Types.DataType DataType, IReadOnlyDictionary<string, string> Properties, JsonElement Raw)
{
    public bool IsTrigger => Direction == BindingInfo.Types.Direction.In && Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public string? Route => Text("route");

    public string? Schedule => Text("schedule");

    public string? AuthLevel => Text("authLevel");

    /// <summary>The allowed methods in upper case; null when the binding allows every method.</summary>
    public IReadOnlyList<string>? Methods =>
        Raw.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
            ? methods.EnumerateArray().Select(m => (m.GetString() ?? "").ToUpperInvariant()).ToArray()
            : null;

    public static FunctionBinding Parse(string json)
    {
        var raw = JsonDocument.Parse(json).RootElement.Clone();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (raw.TryGetProperty("properties", out var bag) && bag.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in bag.EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return new FunctionBinding(
            Property(raw, "name") ?? throw new FormatException($"a binding without a name: {json}"),
            Property(raw, "type") ?? throw new FormatException($"a binding without a type: {json}"),
            Enum.TryParse<BindingInfo.Types.Direction>(Property(raw, "direction"), ignoreCase: true, out var direction) ? direction : BindingInfo.Types.Direction.In,
            Enum.TryParse<BindingInfo.Types.DataType>(Property(raw, "dataType"), ignoreCase: true, out var dataType) ? dataType : BindingInfo.Types.DataType.Undefined,
            properties,
            raw);
    }

    /// <summary>The binding as the host puts it into FunctionLoadRequest (its ToBindingInfo).</summary>
    public BindingInfo ToBindingInfo()
    {
        var info = new BindingInfo { Type = Type, Direction = Direction, DataType = DataType };
        foreach (var (name, value) in Properties)
        {
            info.Properties[name] = value;
        }

        return info;
    }

    private string? Text(string name) => Property(Raw, name);

    private static string? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return null;
    }
}
