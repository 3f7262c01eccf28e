using System.Net.Http.Headers;
using TokenService.Rpc;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// Turns an HTTP request into an <see cref="RpcRequest"/>: parameters from the query string and
/// a form body (a name in both is a duplicate), headers, and the raw body (V3 hashes it), all
/// within <see cref="GatewayLimits"/>.
/// </summary>
internal static class RequestReader
{
    public static async Task<(RpcRequest? Request, ApiError? Error)> ReadAsync(HttpContext http, string requestId, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (request.ContentLength > GatewayLimits.MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        var rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        if (rawQuery.Length > GatewayLimits.MaxQueryLength)
        {
            return (null, TooLarge());
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel enforces the same cap on a body without Content-Length (chunked) by throwing
            // as the cap is crossed; that, or a malformed chunked body, is the caller's error.
            return (null, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : ErrorCatalog.ParameterCheckFailed("The request body could not be read."));
        }

        if (body is null)
        {
            return (null, TooLarge());
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (FormParser.Parse(rawQuery, query) is { } queryError)
        {
            return (null, queryError);
        }

        var parameters = new Dictionary<string, string>(query, StringComparer.Ordinal);
        if (body.Length > 0)
        {
            if (!IsForm(request.ContentType))
            {
                return (null, ErrorCatalog.ParameterCheckFailed("A request body must be application/x-www-form-urlencoded."));
            }

            var text = DecodeUtf8(body);
            if (text is null)
            {
                return (null, ErrorCatalog.ParameterCheckFailed("The request body is not valid UTF-8."));
            }

            if (FormParser.Parse(text, parameters) is { } formError)
            {
                return (null, formError);
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var headerBytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            var value = values.ToString();
            headerBytes += name.Length + value.Length;
            headers[name.ToLowerInvariant()] = value;
        }

        if (headerBytes > GatewayLimits.MaxHeaderBytes)
        {
            return (null, ErrorCatalog.ParameterCheckFailed($"The request headers are larger than {GatewayLimits.MaxHeaderBytes / 1024} KiB."));
        }

        return (new RpcRequest
        {
            Method = request.Method,
            Host = request.Host.Value ?? "",
            Parameters = parameters,
            QueryParameters = query,
            Headers = headers,
            Body = body,
            ClientAddress = ClientAddress(http),
            RequestId = requestId,
        }, null);
    }

    private static ApiError TooLarge() =>
        ErrorCatalog.ParameterCheckFailed($"The request is larger than {GatewayLimits.MaxBodyBytes / 1024} KiB.");

    /// <summary>Reads at most the body cap; null when the body is larger (whatever Content-Length said).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > GatewayLimits.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        UnreadBody.MarkReadToEnd(request.HttpContext);
        return buffer.ToArray();
    }

    private static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static string? DecodeUtf8(byte[] body)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>
    /// The caller's address for the audit record. Behind the Functions host the connection comes
    /// from the host, whose front end appends the client's address to X-Forwarded-For; entries to
    /// its left were written by the client and can be forged, so the right-most one is used.
    /// </summary>
    private static string? ClientAddress(HttpContext http)
    {
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        var nearest = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        var address = nearest ?? http.Connection.RemoteIpAddress?.ToString();
        return address is { Length: <= 64 } ? address : null;
    }
}
