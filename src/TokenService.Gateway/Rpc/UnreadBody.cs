using Microsoft.AspNetCore.Http.Features;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// An answer given before the request body was read to its end (a refusal by size, path or
/// Format) must not break the client's next call on the same keep-alive connection. Left alone,
/// the server closes such a connection after the answer without saying so, and a pooled client
/// (Node's agent, the SDKs) sends its next request on a dead socket. So: a rest of known length
/// within <see cref="GatewayLimits.MaxDrainBytes"/> is read and discarded after the answer (the
/// connection stays usable); anything longer, or of unknown length, is answered with
/// <c>Connection: close</c>, so that the client opens a new connection for its next call.
/// </summary>
internal static class UnreadBody
{
    private static readonly object ReadToEndKey = new();

    /// <summary>The reader consumed the whole body: nothing is left on the connection.</summary>
    public static void MarkReadToEnd(HttpContext http) => http.Items[ReadToEndKey] = true;

    /// <summary>Before the answer's headers: says <c>Connection: close</c> when the rest cannot be drained.</summary>
    public static void BeforeAnswer(HttpContext http)
    {
        if (Pending(http) && http.Request.ContentLength is not (long length and <= GatewayLimits.MaxDrainBytes))
        {
            http.Response.Headers.Connection = "close";
        }
    }

    /// <summary>After the answer is complete: reads and discards the rest of a drainable body.</summary>
    public static async Task AfterAnswerAsync(HttpContext http)
    {
        if (!Pending(http) || http.Response.Headers.Connection == "close")
        {
            return;
        }

        // The client has its answer before the service spends time on the rest of its upload.
        await http.Response.CompleteAsync();
        var buffer = new byte[16 * 1024];
        long drained = 0;
        try
        {
            int read;
            while (drained <= GatewayLimits.MaxDrainBytes && (read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // The client went away or sent a malformed rest: the server closes that connection itself.
        }
    }

    private static bool Pending(HttpContext http) =>
        !http.Items.ContainsKey(ReadToEndKey)
        && (http.Request.ContentLength > 0 || (http.Request.ContentLength is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true));
}
