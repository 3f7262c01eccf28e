using System.Net;
using System.Text;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Gateway;

/// <summary>
/// Every early refusal, then a normal call, on one keep-alive connection as a pooled client makes
/// them: the refusal gets its documented error and the next call its 200. A rest of the body that
/// the server reads and discards keeps the connection; one too long to drain is answered with
/// <c>Connection: close</c>, and the client's next call goes on a new connection.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class KeepAliveTests(StoreFixture store, SharedServices shared)
    : SharedServiceTestBase(store, shared), IClassFixture<SharedServices>
{
    public static TheoryData<string> Refusals => [.. Cases.Keys];

    private static readonly Dictionary<string, (string Method, string Target, byte[]? Body, string? ContentType, bool Chunked, HttpStatusCode Status, string Code)> Cases = new()
    {
        ["body of 2 MiB with Content-Length"] = ("POST", "/", Pad(2 * 1024 * 1024), RawHttp.FormType, false, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["body of 128 KiB, chunked"] = ("POST", "/", Pad(128 * 1024), RawHttp.FormType, true, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["query over 16 KiB with a body"] = ("POST", "/?Pad=" + new string('a', 17 * 1024), Pad(1024), RawHttp.FormType, false, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["body that is not a form"] = ("POST", "/", Encoding.UTF8.GetBytes("{\"Action\":\"RevokeToken\"}"), "application/json", false, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["65 parameters"] = ("POST", "/", Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, 65).Select(i => $"P{i}=v"))), RawHttp.FormType, false, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["malformed percent-encoding"] = ("POST", "/", Encoding.ASCII.GetBytes("Action=%zzRevokeToken&Token=%4"), RawHttp.FormType, false, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["body that is not UTF-8"] = ("POST", "/", [(byte)'A', (byte)'=', 0xC3, 0x28, 0xFF], RawHttp.FormType, false, HttpStatusCode.BadRequest, "ParameterCheckFailed"),
        ["unknown Format in the query, with a body"] = ("POST", "/?Format=YAML", Pad(32 * 1024), RawHttp.FormType, false, HttpStatusCode.BadRequest, "InvalidParameter.Format"),
        ["unknown path, with a body"] = ("POST", "/favicon.ico", Pad(32 * 1024), RawHttp.FormType, false, HttpStatusCode.NotFound, "ApiNotSupport"),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedCallKeepsTheConnectionUsableForTheNextCall(string refusal)
    {
        var (method, target, body, contentType, chunked, status, code) = Cases[refusal];
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        using var connection = new KeepAliveConnection(service.Port);

        var refused = await connection.SendAsync(method, target, body, contentType, chunked);
        var next = await QueryAsync(connection, tenant);

        ApiAssert.Error(refused, status, code);
        ApiAssert.TokenStatus(next, false);
        if (!chunked)
        {
            // A rest of known length within the drain bound was read and discarded: same connection.
            Assert.Equal(1, connection.Connections);
        }
    }

    [Fact]
    public async Task ABodyTooLongToDrainIsAnsweredWithConnectionCloseAndTheNextCallGoesOnANewConnection()
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        using var connection = new KeepAliveConnection(service.Port);

        var refused = await connection.SendAsync("POST", "/", Pad(8 * 1024 * 1024));
        var next = await QueryAsync(connection, tenant);

        ApiAssert.Error(refused, HttpStatusCode.BadRequest, "ParameterCheckFailed");
        Assert.Equal("close", refused.Headers["connection"]);
        ApiAssert.TokenStatus(next, false);
        Assert.Equal(2, connection.Connections);
    }

    [Fact]
    public async Task APooledHttpClientGetsItsNextCallAnsweredAfterARefusedBody()
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = service.BaseAddress };
        var client = new SignedClient(http, tenant.AccessKeyId, tenant.Secret);

        for (var i = 0; i < 3; i++)
        {
            var refused = await RawHttp.SendAsync(http, "POST", "/", Pad(2 * 1024 * 1024));
            var next = await client.CallAsync("QueryToken", new Dictionary<string, string> { ["Token"] = "t", ["InstanceId"] = tenant.InstanceId }, "GET");

            ApiAssert.Error(refused, HttpStatusCode.BadRequest, "ParameterCheckFailed");
            ApiAssert.TokenStatus(next, false);
        }
    }

    private static Task<ApiResponse> QueryAsync(KeepAliveConnection connection, Tenant tenant)
    {
        var signer = new SignedClient(new HttpClient(), tenant.AccessKeyId, tenant.Secret);
        var parameters = signer.Sign("GET", signer.Parameters("QueryToken", new Dictionary<string, string> { ["Token"] = "some-token", ["InstanceId"] = tenant.InstanceId }));
        return connection.SendAsync("GET", "/?" + RawHttp.Form(parameters));
    }

    private static byte[] Pad(int size) => Encoding.ASCII.GetBytes("Pad=" + new string('a', size - 4));
}
