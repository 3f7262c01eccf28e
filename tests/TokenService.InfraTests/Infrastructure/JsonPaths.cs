using System.Text.Json;

namespace TokenService.InfraTests.Infrastructure;

public static class JsonPaths
{
    /// <summary>The element at a path of property names, failing the test with the path when one is missing.</summary>
    public static JsonElement Prop(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            Assert.True(current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out current),
                $"missing '{string.Join('.', path)}' (at '{name}') in {Shorten(element)}");
        }

        return current;
    }

    /// <summary>The string at a path, or the JSON text of a non-string value.</summary>
    public static string Text(this JsonElement element, params string[] path)
    {
        var value = element.Prop(path);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    private static string Shorten(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 400 ? text : text[..400] + "...";
    }
}
