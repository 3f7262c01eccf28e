using System.Net;
using System.Text;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Storage;

namespace TokenService.IntegrationTests.Gateway;

/// <summary>
/// Malformed, oversized, duplicated, empty, control-character and non-ASCII input, sent as raw
/// bytes: each is answered quickly with a documented 4xx in the JSON error body, never a 500 or a
/// hang, and nothing reaches the ledger. Where it matters the request is otherwise correctly
/// signed by a real key, so the defect under test is the only thing wrong with it. No test of this
/// class succeeds, so the whole Ledger table of the class stays empty.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class HostileInputTests(StoreFixture store, SharedServices shared)
    : SharedServiceTestBase(store, shared), IClassFixture<SharedServices>
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task BodyOverSixtyFourKibibytesIsRefused()
    {
        var (http, tenant, form) = await SignedFormAsync();

        var response = await RawHttp.SendAsync(http, "POST", "/", form + "&Pad=" + new string('a', 64 * 1024));

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Fact]
    public async Task ChunkedBodyOverSixtyFourKibibytesIsRefused()
    {
        var (http, tenant, form) = await SignedFormAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes(form + "&Pad=" + new string('a', 80 * 1024))),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.TransferEncodingChunked = true;

        var response = await SignedClient.ReadAsync(await http.SendAsync(request));

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Fact]
    public async Task QueryStringOverSixteenKibibytesIsRefused()
    {
        var (http, tenant, form) = await SignedFormAsync("GET", "QueryToken");

        var response = await RawHttp.SendAsync(http, "GET", "/?" + form + "&Pad=" + new string('a', 16 * 1024));

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Fact]
    public async Task TokenOfFourThousandAndNinetySevenCharactersGivesInvalidParameterToken()
    {
        var (http, tenant, form) = await SignedFormAsync(token: new string('t', 4097));

        var response = await RawHttp.SendAsync(http, "POST", "/", form);

        await AssertRefusedAsync(response, "InvalidParameter.Token", tenant);
    }

    [Fact]
    public async Task ValueOverEightKibibytesIsRefusedBeforeAnythingElse()
    {
        var (http, tenant, form) = await SignedFormAsync();

        var response = await RawHttp.SendAsync(http, "POST", "/", form + "&Resources=" + new string('r', 8 * 1024 + 1));

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Fact]
    public async Task SixtyFiveParametersAreRefused()
    {
        var (http, tenant, form) = await SignedFormAsync();
        var padding = string.Concat(Enumerable.Range(0, 65).Select(i => $"&P{i}=1"));

        var response = await RawHttp.SendAsync(http, "POST", "/", form + padding);

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Theory]
    [InlineData("Action")]
    [InlineData("AccessKeyId")]
    [InlineData("Token")]
    public async Task DuplicatedParameterWithTheSameValueIsStillRefused(string name)
    {
        var (http, tenant, form) = await SignedFormAsync();
        var again = form.Split('&').First(p => p.StartsWith(name + "=", StringComparison.Ordinal));

        var response = await RawHttp.SendAsync(http, "POST", "/", form + "&" + again);

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Theory]
    [InlineData("", RawHttp.FormType)]
    [InlineData("", null)]
    [InlineData("&&&", RawHttp.FormType)]
    [InlineData("Action=&Version=&Token=&InstanceId=", RawHttp.FormType)]
    public async Task EmptyBodiesAndEmptyValuesGiveMissingAction(string body, string? contentType)
    {
        var http = HttpFor(await ServiceAsync(), ShortTimeout);

        var response = await RawHttp.SendAsync(http, "POST", "/", Encoding.ASCII.GetBytes(body), contentType);

        await AssertRefusedAsync(response, "MissingAction");
    }

    [Fact]
    public async Task PostWithoutAnyBodyGivesMissingAction()
    {
        var http = HttpFor(await ServiceAsync(), ShortTimeout);

        var response = await RawHttp.SendAsync(http, "POST", "/");

        await AssertRefusedAsync(response, "MissingAction");
    }

    [Theory]
    [InlineData("=1")]
    [InlineData("=")]
    [InlineData("Action=RevokeToken&=x")]
    public async Task EmptyParameterNameIsRefused(string body)
    {
        var http = HttpFor(await ServiceAsync(), ShortTimeout);

        var response = await RawHttp.SendAsync(http, "POST", "/", body);

        await AssertRefusedAsync(response, "ParameterCheckFailed");
    }

    [Theory]
    [InlineData("dev\u0000ice")]
    [InlineData("dev\nice")]
    [InlineData("dev\rice")]
    [InlineData("dev\tice")]
    [InlineData("dev\u007fice")]
    [InlineData("dev ice")]
    public async Task ControlCharacterOrSpaceInTokenGivesInvalidParameterToken(string token)
    {
        var (http, tenant, form) = await SignedFormAsync(token: token);

        var response = await RawHttp.SendAsync(http, "POST", "/", form);

        await AssertRefusedAsync(response, "InvalidParameter.Token", tenant);
    }

    [Theory]
    [InlineData("To%0Aken")]
    [InlineData("To%00ken")]
    [InlineData("%0D")]
    [InlineData("To%7Fken")]
    public async Task ControlCharacterInParameterNameIsRefused(string encodedName)
    {
        var (http, tenant, form) = await SignedFormAsync();

        var response = await RawHttp.SendAsync(http, "POST", "/", form + "&" + encodedName + "=1");

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Theory]
    [InlineData("tökén")]
    [InlineData("令牌")]
    [InlineData("token-\U0001F511")]
    public async Task NonAsciiTokenGivesInvalidParameterToken(string token)
    {
        var (http, tenant, form) = await SignedFormAsync(token: token);

        var response = await RawHttp.SendAsync(http, "POST", "/", form);

        await AssertRefusedAsync(response, "InvalidParameter.Token", tenant);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE4, 0xBB })]
    public async Task InvalidUtf8BytesInTheBodyAreRefused(byte[] bytes)
    {
        var (http, tenant, form) = await SignedFormAsync();
        var body = Encoding.ASCII.GetBytes(form + "&Extra=").Concat(bytes).ToArray();

        var response = await RawHttp.SendAsync(http, "POST", "/", body);

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    /// <summary>
    /// The request is signed over the value the service would read if it decoded leniently (the
    /// escape left as is), so only the malformed escape can make it fail.
    /// </summary>
    [Theory]
    [InlineData("POST", "%zz")]
    [InlineData("POST", "abc%")]
    [InlineData("POST", "abc%4")]
    [InlineData("POST", "%FF")]
    [InlineData("POST", "%C3%28")]
    [InlineData("GET", "%zz")]
    [InlineData("GET", "abc%")]
    public async Task MalformedPercentEncodingIsRefused(string method, string rawToken)
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var action = method == "GET" ? "QueryToken" : "RevokeToken";
        var parameters = client.Sign(method, client.Parameters(action, new Dictionary<string, string> { ["Token"] = rawToken, ["InstanceId"] = tenant.InstanceId }));
        var text = string.Join('&', parameters.Select(p => p.Key + "=" + (p.Key == "Token" ? rawToken : Uri.EscapeDataString(p.Value))));

        // On a socket: HttpClient would repair the query (a stray % becomes %25).
        var response = method == "GET"
            ? await RawHttp.SendOverSocketAsync(service.Port, "GET", "/?" + text)
            : await RawHttp.SendOverSocketAsync(service.Port, "POST", "/", Encoding.ASCII.GetBytes(text));

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded-x")]
    public async Task BodyOfAnotherContentTypeIsRefused(string contentType)
    {
        var (http, tenant, form) = await SignedFormAsync();

        var response = await RawHttp.SendAsync(http, "POST", "/?" + form, "{\"Token\":\"t\"}", contentType);

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Fact]
    public async Task FormBodyWithoutContentTypeIsRefused()
    {
        var (http, tenant, form) = await SignedFormAsync();

        var response = await RawHttp.SendAsync(http, "POST", "/", Encoding.ASCII.GetBytes(form), contentType: null);

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    [Fact]
    public async Task BinaryGarbageIsRefused()
    {
        var (http, tenant, _) = await SignedFormAsync();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        var response = await RawHttp.SendAsync(http, "POST", "/", garbage);

        await AssertRefusedAsync(response, "ParameterCheckFailed", tenant);
    }

    /// <summary>
    /// Past the service's own 16 KiB check (plus 1 KiB of headroom), Kestrel's request-line limit
    /// answers first: 414 with an empty body, which the service cannot shape. What this pins down:
    /// a 4xx, no 500, no hang, nothing written.
    /// </summary>
    [Fact]
    public async Task HugeQueryStringGetsTheDocumentedErrorBody()
    {
        var (http, tenant, form) = await SignedFormAsync("GET", "QueryToken");

        var response = await RawHttp.SendAsync(http, "GET", "/?" + form + "&Pad=" + new string('a', 64 * 1024));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ParameterCheckFailed", response.Code);
        Assert.Equal(response.RequestId, response.Headers["x-acs-request-id"]);
        Assert.Empty(await AllLedgerRowsAsync());
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task RejectionsAnswerInXmlWhenAskedInTheQuery()
    {
        var http = HttpFor(await ServiceAsync(), ShortTimeout);

        var response = await RawHttp.SendAsync(http, "POST", "/?Format=xml", "Token=a&Token=b");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Matches("^<\\?xml[^>]*\\?><Error><RequestId>[0-9A-F-]{36}</RequestId><HostId>127.0.0.1</HostId><Code>ParameterCheckFailed</Code><Message>[^<]+</Message><Recommend>[^<]+</Recommend></Error>$", response.Body);
        Assert.Empty(await AllLedgerRowsAsync());
    }

    /// <summary>A correctly signed call (RevokeToken by POST, or GET QueryToken) as raw form text, with its tenant and a short-timeout client.</summary>
    private async Task<(HttpClient Http, Tenant Tenant, string Form)> SignedFormAsync(string method = "POST", string action = "RevokeToken", string token = "hostile")
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var parameters = client.Sign(method, client.Parameters(action, new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = tenant.InstanceId }));
        return (HttpFor(service, ShortTimeout), tenant, RawHttp.Form(parameters));
    }

    private async Task AssertRefusedAsync(ApiResponse response, string code, Tenant? tenant = null)
    {
        ApiAssert.Error(response, HttpStatusCode.BadRequest, code);
        if (tenant is not null)
        {
            Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
        }

        Assert.Empty(await AllLedgerRowsAsync());
    }

    private async Task<List<LedgerEntity>> AllLedgerRowsAsync()
    {
        var rows = new List<LedgerEntity>();
        await foreach (var row in Get<TableSet>().Ledger.QueryAsync<LedgerEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
