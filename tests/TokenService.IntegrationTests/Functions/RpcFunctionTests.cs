using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Functions;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Signatures;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Functions;

/// <summary>
/// The HTTP function invoked in process as the worker's ASP.NET Core integration invokes it: a
/// real <see cref="DefaultHttpContext"/> whose services are the app's, over the test's tables.
/// The function must leave the whole answer written by the gateway and add nothing of its own.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class RpcFunctionTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public async Task SignedRevokeTokenIsAnsweredInFullAndItsRecordIsStored()
    {
        var tenant = await NewTenantAsync();
        var http = SignedPost(tenant, "RevokeToken", new() { ["Token"] = "stolen-device-token", ["InstanceId"] = tenant.InstanceId });

        var result = await RpcFunction.RunAsync(http.Request);
        var answer = Answer(http);

        Assert.IsType<EmptyResult>(result);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json;charset=utf-8", answer.Headers["content-type"]);
        Assert.Equal(["RequestId"], answer.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(answer.Headers["x-acs-request-id"], answer.RequestId);
        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Equal(LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("stolen-device-token")), record.RowKey);
    }

    [Fact]
    public async Task RevokeTokenByGetIsUnsupportedHttpMethodInXmlAndWritesNothing()
    {
        var tenant = await NewTenantAsync();
        var signer = new SignedClient(null!, tenant.AccessKeyId, tenant.Secret);
        var parameters = signer.Parameters("RevokeToken", new Dictionary<string, string> { ["Token"] = "t", ["InstanceId"] = tenant.InstanceId });
        parameters["Format"] = "XML";
        var http = NewContext("GET", "/", query: Encode(signer.Sign("GET", parameters)));

        await RpcFunction.RunAsync(http.Request);
        var answer = Answer(http);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("text/xml;charset=utf-8", answer.Headers["content-type"]);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><RequestId>", answer.Body, StringComparison.Ordinal);
        Assert.Contains("<Code>UnsupportedHTTPMethod</Code>", answer.Body, StringComparison.Ordinal);
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task AnyPathButTheRootIsApiNotSupport()
    {
        var http = NewContext("POST", "/api/RevokeToken");

        await RpcFunction.RunAsync(http.Request);
        var answer = Answer(http);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("ApiNotSupport", answer.Code);
        Assert.Equal(answer.Headers["x-acs-request-id"], answer.RequestId);
    }

    private DefaultHttpContext SignedPost(Tenant tenant, string action, Dictionary<string, string> business)
    {
        var signer = new SignedClient(null!, tenant.AccessKeyId, tenant.Secret);
        var body = Encoding.UTF8.GetBytes(Encode(signer.Sign("POST", signer.Parameters(action, business))));
        var http = NewContext("POST", "/");
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body);
        return http;
    }

    private DefaultHttpContext NewContext(string method, string path, string? query = null)
    {
        var http = new DefaultHttpContext { RequestServices = Services.CreateScope().ServiceProvider };
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1");
        http.Request.Path = path;
        if (query is not null)
        {
            http.Request.QueryString = new QueryString("?" + query);
        }

        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static string Encode(IDictionary<string, string> parameters) =>
        string.Join('&', parameters.Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));

    private static ApiResponse Answer(DefaultHttpContext http)
    {
        var headers = http.Response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        return new ApiResponse((HttpStatusCode)http.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()), headers);
    }
}
