using System.Net;
using System.Text.RegularExpressions;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>The answer shapes of docs/contract.md §2, checked in one place.</summary>
public static partial class ApiAssert
{
    private static readonly string[] ErrorFields = ["RequestId", "HostId", "Code", "Message", "Recommend"];

    /// <summary>A documented error: status, code, the five fields, an upper-case UUID RequestId that the header repeats.</summary>
    public static void Error(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.True(response.Status == status && IsJson(response) && response.Code == code, $"expected {(int)status} {code}, got {response}");
        Assert.StartsWith("application/json", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(ErrorFields, response.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("127.0.0.1", response.Field("HostId"));
        Assert.False(string.IsNullOrWhiteSpace(response.Field("Message")));
        RequestId(response);
    }

    /// <summary>A 200 whose body has exactly RequestId and <paramref name="fields"/>, in that order.</summary>
    public static void Success(ApiResponse response, params string[] fields)
    {
        Assert.True(response.Status == HttpStatusCode.OK && IsJson(response), response.ToString());
        Assert.Equal(["RequestId", .. fields], response.Json.EnumerateObject().Select(p => p.Name));
        RequestId(response);
    }

    public static bool IsJson(ApiResponse response)
    {
        try
        {
            return response.Json.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    public static void RequestId(ApiResponse response)
    {
        Assert.Matches(UpperUuid(), response.RequestId!);
        Assert.Equal(response.RequestId, response.Headers["x-acs-request-id"]);
    }

    /// <summary>A QueryToken answer: 200, RequestId and the boolean TokenStatus.</summary>
    public static void TokenStatus(ApiResponse response, bool expected)
    {
        Success(response, "TokenStatus");
        Assert.True(response.Json.GetProperty("TokenStatus").GetBoolean() == expected, $"expected TokenStatus {expected}, got {response}");
    }

    [GeneratedRegex("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")]
    private static partial Regex UpperUuid();
}
