using System.Net;
using System.Text.RegularExpressions;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Fuzz;

/// <summary>What every answer to any request must be (docs/contract.md §2 and §7): a documented status, a RequestId in the header and in the body, and the error body for every error.</summary>
public static partial class AnswerInvariants
{
    private static readonly HashSet<HttpStatusCode> Documented = [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.InternalServerError];

    /// <summary>The first broken invariant, or null.</summary>
    public static string? Violation(HostileRequest request, ApiResponse answer)
    {
        if (!Documented.Contains(answer.Status))
        {
            return $"undocumented status {(int)answer.Status}";
        }

        if (!answer.Headers.TryGetValue("x-acs-request-id", out var requestId) || !UpperUuid().IsMatch(requestId))
        {
            return "no x-acs-request-id header with an upper-case UUID";
        }

        if (request.Method == "HEAD")
        {
            return null;
        }

        var xml = answer.Headers.GetValueOrDefault("content-type", "").Contains("xml", StringComparison.Ordinal);
        var (bodyRequestId, code) = xml ? FromXml(answer.Body) : FromJson(answer);
        if (bodyRequestId != requestId)
        {
            return "the body's RequestId is not the header's";
        }

        if (answer.Status != HttpStatusCode.OK && string.IsNullOrEmpty(code))
        {
            return "an error without its Code";
        }

        return answer.Status == HttpStatusCode.InternalServerError && code is not ("InternalError" or "SystemOverFlow")
            ? $"a 500 with code {code}"
            : null;
    }

    private static (string? RequestId, string? Code) FromJson(ApiResponse answer) =>
        ApiAssert.IsJson(answer) ? (answer.RequestId, answer.Code) : (null, null);

    private static (string? RequestId, string? Code) FromXml(string body) =>
        (XmlField(body, "RequestId"), XmlField(body, "Code"));

    private static string? XmlField(string body, string name)
    {
        var match = Regex.Match(body, $"<{name}>([^<]*)</{name}>", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")]
    private static partial Regex UpperUuid();
}
