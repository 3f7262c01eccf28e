namespace TokenService.Gateway.Rpc;

internal enum ResponseFormat
{
    Json,
    Xml,
}

internal static class ResponseFormats
{
    /// <summary>JSON unless <c>Format</c> says XML, case-insensitively; null for any other value.</summary>
    public static ResponseFormat? Parse(string? value) => value?.ToUpperInvariant() switch
    {
        null or "" or "JSON" => ResponseFormat.Json,
        "XML" => ResponseFormat.Xml,
        _ => null,
    };
}
