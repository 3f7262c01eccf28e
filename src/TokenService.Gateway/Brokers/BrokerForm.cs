using Microsoft.AspNetCore.Http.Features;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// Reads a broker's form body (RabbitMQ's <c>auth_http.http_method = post</c>). A body that is not a
/// form, too large, or malformed reads as empty, so the decision is a deny, never a 4xx or 5xx the
/// broker would log as a backend failure.
/// </summary>
internal static class BrokerForm
{
    // A password holds at most 4 tokens of 4096 characters (BrokerCredentials); the rest is small.
    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 32,
        KeyLengthLimit = 64,
        ValueLengthLimit = 32 * 1024,
        MultipartBodyLengthLimit = 0,
        BufferBody = false,
    };

    public static async Task<IFormCollection> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType || http.Request.ContentLength > 64 * 1024)
        {
            return FormCollection.Empty;
        }

        try
        {
            return await new FormFeature(http.Request, Limits).ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return FormCollection.Empty;
        }
    }

    /// <summary>A field sent once, else null (a repeated field is not trusted either way).</summary>
    public static string? Single(this IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
