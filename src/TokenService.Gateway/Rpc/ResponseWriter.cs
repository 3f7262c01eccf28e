using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using TokenService.Rpc;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// Writes answers in Alibaba Cloud's shapes. Success: <c>{"RequestId", ...fields}</c> or
/// <c>&lt;{Action}Response&gt;</c>; error: <c>{"RequestId", "HostId", "Code", "Message",
/// "Recommend"}</c> or <c>&lt;Error&gt;</c>. Every answer carries <c>x-acs-request-id</c>.
/// Hand-written with Utf8JsonWriter and XmlWriter: no reflection, so it survives Native AOT.
/// </summary>
internal static class ResponseWriter
{
    private const string Recommend = "https://api.aliyun.com/troubleshoot";

    public static Task WriteSuccessAsync(HttpContext http, string requestId, string action, RpcResponse response, ResponseFormat format)
    {
        var fields = new List<KeyValuePair<string, object>>(response.Fields.Count + 1) { new("RequestId", requestId) };
        fields.AddRange(response.Fields);
        return WriteAsync(http, requestId, 200, action + "Response", fields, format);
    }

    public static Task WriteErrorAsync(HttpContext http, string requestId, ApiError error, ResponseFormat format)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var fields = new List<KeyValuePair<string, object>>
        {
            new("RequestId", requestId),
            new("HostId", http.Request.Host.Host),
            new("Code", error.Code),
            new("Message", error.Message),
            new("Recommend", $"{Recommend}?q={error.Code}"),
        };
        return WriteAsync(http, requestId, error.HttpStatus, "Error", fields, format);
    }

    private static async Task WriteAsync(HttpContext http, string requestId, int status, string xmlRoot, List<KeyValuePair<string, object>> fields, ResponseFormat format)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers["x-acs-request-id"] = requestId;
        response.ContentType = format == ResponseFormat.Xml ? "text/xml;charset=utf-8" : "application/json;charset=utf-8";
        var body = format == ResponseFormat.Xml ? Xml(xmlRoot, fields) : Json(fields);
        response.ContentLength = body.Length;
        UnreadBody.BeforeAnswer(http);
        await response.Body.WriteAsync(body);
        await UnreadBody.AfterAnswerAsync(http);
    }

    private static byte[] Json(List<KeyValuePair<string, object>> fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case bool flag: writer.WriteBoolean(name, flag); break;
                    case long number: writer.WriteNumber(name, number); break;
                    case int number: writer.WriteNumber(name, number); break;
                    default: writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static byte[] Xml(string root, List<KeyValuePair<string, object>> fields)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root);
            foreach (var (name, value) in fields)
            {
                var text = value is bool flag ? (flag ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                writer.WriteElementString(name, XmlSafe(text));
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Messages may quote the caller's input, and XML 1.0 cannot carry every character (control
    /// characters, lone surrogates): those become U+FFFD instead of failing the answer.
    /// </summary>
    private static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(text, i++, 2);
            }
            else
            {
                safe.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return safe.ToString();
    }
}
