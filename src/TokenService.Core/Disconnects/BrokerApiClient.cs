using System.Net.Http.Headers;
using System.Text;

namespace TokenService.Disconnects;

/// <summary>
/// The HTTP client a broker's management API is asked with: basic authentication with the
/// configured credential, a per-request timeout, pooled connections renewed every few minutes (a
/// broker behind a changing address is found again). The credential is in a header only, never in a
/// URL that instrumentation or logs could record.
/// </summary>
internal static class BrokerApiClient
{
    public static HttpClient Create(Uri baseAddress, string user, string password, TimeSpan timeout)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/"),
            Timeout = timeout,
        };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        return client;
    }

    /// <summary>Throws for an answer that is neither success nor the given tolerated status, naming the status only.</summary>
    public static void EnsureAnswered(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what} answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }
}
