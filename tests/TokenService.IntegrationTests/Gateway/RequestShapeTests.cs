using System.Net;
using TokenService.Accounts;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Signatures;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Gateway;

/// <summary>
/// Requests that are wrong in shape, signature, account or instance (docs/contract.md §2, §3, §7): each gets its
/// documented status and code in the standard error body, with a RequestId, and leaves no row in
/// the caller's ledger partition (no nonce, no meter, no record).
/// </summary>
[Collection(SharedStore.Name)]
public sealed class RequestShapeTests(StoreFixture store, SharedServices shared)
    : SharedServiceTestBase(store, shared), IClassFixture<SharedServices>
{
    [Fact]
    public async Task WrongSecretGivesSignatureDoesNotMatchShowingTheServerStringToSign()
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Sign("POST", client.Parameters("RevokeToken", Revoke(tenant)), withSecret: "not-the-secret");

        var response = await client.SendAsync("POST", parameters);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        var stringToSign = V1Signature.StringToSign("POST", parameters);
        Assert.StartsWith("POST&%2F&AccessKeyId%3D" + tenant.AccessKeyId, stringToSign, StringComparison.Ordinal);
        Assert.EndsWith("server string to sign is:" + stringToSign, response.Field("Message"), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task ReplayedNonceGivesSignatureNonceUsedAndWritesNothingMore()
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Sign("POST", client.Parameters("RevokeToken", Revoke(tenant)));

        var first = await client.SendAsync("POST", parameters);
        var rowsAfterFirst = await RowKeysAsync(tenant);
        var replay = await client.SendAsync("POST", parameters);

        ApiAssert.Success(first);
        ApiAssert.Error(replay, HttpStatusCode.BadRequest, "SignatureNonceUsed");
        Assert.Equal(rowsAfterFirst, await RowKeysAsync(tenant));
        Assert.Equal(first.RequestId, Assert.Single(await Services.UsageAsync(tenant.AccountId)).RequestId);
    }

    [Fact]
    public async Task NonceUsedOnOneServiceProcessIsRefusedByAnother()
    {
        var first = await ServiceAsync(0);
        var second = await ServiceAsync(1);
        var tenant = await NewTenantAsync();
        var client = ClientFor(first, tenant);
        var parameters = client.Sign("POST", client.Parameters("RevokeToken", Revoke(tenant)));

        var accepted = await client.SendAsync("POST", parameters);
        var rowsAfterFirst = await RowKeysAsync(tenant);
        var replayElsewhere = await ClientFor(second, tenant).SendAsync("POST", parameters);

        ApiAssert.Success(accepted);
        ApiAssert.Error(replayElsewhere, HttpStatusCode.BadRequest, "SignatureNonceUsed");
        Assert.Equal(rowsAfterFirst, await RowKeysAsync(tenant));
    }

    [Fact]
    public async Task NoncesAreScopedPerAccessKey()
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        var otherKey = await tenant.WithNewKeyAsync(Services);
        var nonce = Guid.NewGuid().ToString();

        var one = ClientFor(service, tenant);
        var two = ClientFor(service, otherKey);
        var first = await one.SendAsync("POST", one.Sign("POST", one.Parameters("RevokeToken", Revoke(tenant, "a"), nonce: nonce)));
        var second = await two.SendAsync("POST", two.Sign("POST", two.Parameters("RevokeToken", Revoke(tenant, "b"), nonce: nonce)));

        ApiAssert.Success(first);
        ApiAssert.Success(second);
        Assert.Equal(2, (await Services.RevocationsAsync(tenant.AccountId)).Count);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task TimestampMoreThanFifteenMinutesOffGivesInvalidTimeStampExpired(int minutes)
    {
        var (tenant, client) = await CallerAsync();

        var response = await client.SendAsync("POST", client.Sign("POST",
            client.Parameters("RevokeToken", Revoke(tenant), timestamp: DateTimeOffset.UtcNow.AddMinutes(minutes))));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidTimeStamp.Expired");
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData(-14)]
    [InlineData(14)]
    public async Task TimestampFourteenMinutesOffIsAccepted(int minutes)
    {
        var (tenant, client) = await CallerAsync();

        var response = await client.SendAsync("POST", client.Sign("POST",
            client.Parameters("RevokeToken", Revoke(tenant), timestamp: DateTimeOffset.UtcNow.AddMinutes(minutes))));

        ApiAssert.Success(response);
        Assert.Equal(response.RequestId, Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).RequestId);
    }

    [Theory]
    [InlineData("2025-01-01 00:00:00")]
    [InlineData("2025-01-01T00:00:00")]
    [InlineData("2025-01-01T00:00:00+08:00")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("1735689600")]
    [InlineData("yesterday")]
    public async Task MalformedTimestampGivesInvalidTimeStampFormat(string timestamp)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters("RevokeToken", Revoke(tenant));
        parameters["Timestamp"] = timestamp;

        var response = await client.SendAsync("POST", client.Sign("POST", parameters));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidTimeStamp.Format");
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task UnknownAccessKeyIdGivesNotFound()
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        var stranger = new SignedClient(HttpFor(service), KeyGenerator.NewAccessKeyId(), tenant.Secret);

        var response = await stranger.RevokeAsync("t", tenant.InstanceId);

        ApiAssert.Error(response, HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound");
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task DisabledKeyGivesInactiveOnceTheDirectoryCacheExpiresAndWorksAgainWhenEnabled()
    {
        var (tenant, client) = await CallerAsync();
        var admin = Get<AccountAdministration>();
        ApiAssert.Success(await client.RevokeAsync("before", tenant.InstanceId));
        var rowsBefore = await RowKeysAsync(tenant);

        Assert.True((await admin.SetKeyEnabledAsync(tenant.AccessKeyId, false)).Ok);
        await PastDirectoryCacheAsync();
        var disabled = await client.RevokeAsync("while-disabled", tenant.InstanceId);
        var rowsWhileDisabled = await RowKeysAsync(tenant);
        Assert.True((await admin.SetKeyEnabledAsync(tenant.AccessKeyId, true)).Ok);
        await PastDirectoryCacheAsync();
        var enabled = await client.RevokeAsync("after", tenant.InstanceId);

        ApiAssert.Error(disabled, HttpStatusCode.BadRequest, "InvalidAccessKeyId.Inactive");
        Assert.Equal(rowsBefore, rowsWhileDisabled);
        ApiAssert.Success(enabled);
        Assert.DoesNotContain(await Services.RevocationsAsync(tenant.AccountId), r => r.RowKey == LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("while-disabled")));
    }

    [Fact]
    public async Task ForeignAndUnknownInstancesGiveTheSameInstancePermissionCheckFailed()
    {
        var (tenant, client) = await CallerAsync();
        var other = await NewTenantAsync();

        var foreign = await client.RevokeAsync("t", other.InstanceId);
        var unknown = await client.RevokeAsync("t", "mqtt-cn-" + Guid.NewGuid().ToString("N")[..8]);

        ApiAssert.Error(foreign, HttpStatusCode.BadRequest, "InstancePermissionCheckFailed");
        ApiAssert.Error(unknown, HttpStatusCode.BadRequest, "InstancePermissionCheckFailed");
        Assert.Equal(foreign.Body.Replace(foreign.RequestId!, "ID", StringComparison.Ordinal), unknown.Body.Replace(unknown.RequestId!, "ID", StringComparison.Ordinal));
        await AssertNothingWrittenAsync(tenant, other);
    }

    [Theory]
    [InlineData("DescribeRegions")]
    [InlineData("revoketoken")]
    [InlineData("RevokeTokens")]
    public async Task UnknownActionGivesApiNotSupport(string action)
    {
        var (tenant, client) = await CallerAsync();

        var response = await client.CallAsync(action, Revoke(tenant));

        ApiAssert.Error(response, HttpStatusCode.NotFound, "ApiNotSupport");
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("2014-05-26")]
    [InlineData("2020-04-21")]
    [InlineData("latest")]
    public async Task UnknownVersionGivesApiNotSupport(string version)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters("RevokeToken", Revoke(tenant));
        parameters["Version"] = version;

        var response = await client.SendAsync("POST", client.Sign("POST", parameters));

        ApiAssert.Error(response, HttpStatusCode.NotFound, "ApiNotSupport");
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task LegacyVersionIsAnAlias()
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters("RevokeToken", Revoke(tenant));
        parameters["Version"] = "2019-12-11";

        var response = await client.SendAsync("POST", client.Sign("POST", parameters));

        ApiAssert.Success(response);
        Assert.Equal(response.RequestId, Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).RequestId);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task RevokeTokenWithAnotherMethodThanPostGivesUnsupportedHttpMethod(string method)
    {
        var (tenant, client) = await CallerAsync();

        var response = await client.CallAsync("RevokeToken", Revoke(tenant), method);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "UnsupportedHTTPMethod");
        Assert.Contains(method, response.Field("Message"), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("Token", "", "InvalidParameter.Token")]
    [InlineData("InstanceId", "", "InvalidParameter.InstanceId")]
    [InlineData("InstanceId", "mqtt/cn", "InvalidParameter.InstanceId")]
    [InlineData("InstanceId", "mqtt-cn-0123456789012345678901234567890123456789012345678901234567", "InvalidParameter.InstanceId")]
    public async Task MissingOrMalformedBusinessParameterGivesInvalidParameter(string name, string value, string code)
    {
        var (tenant, client) = await CallerAsync();
        var business = Revoke(tenant);
        if (value.Length == 0)
        {
            business.Remove(name);
        }
        else
        {
            business[name] = value;
        }

        var response = await client.CallAsync("RevokeToken", business);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, code);
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("Action")]
    [InlineData("Version")]
    [InlineData("AccessKeyId")]
    [InlineData("SignatureMethod")]
    [InlineData("SignatureVersion")]
    [InlineData("SignatureNonce")]
    [InlineData("Timestamp")]
    public async Task MissingCommonParameterGivesMissingParameter(string name)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters("RevokeToken", Revoke(tenant));
        parameters.Remove(name);

        var response = await client.SendAsync("POST", client.Sign("POST", parameters));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "Missing" + name);
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("Signature", "")]
    [InlineData("Signature", null)]
    [InlineData("SignatureNonce", "")]
    [InlineData("AccessKeyId", "")]
    public async Task MissingOrEmptySignatureGivesMissingParameter(string name, string? value)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Sign("POST", client.Parameters("RevokeToken", Revoke(tenant)));
        if (value is null)
        {
            parameters.Remove(name);
        }
        else
        {
            parameters[name] = value;
        }

        var response = await client.SendAsync("POST", parameters);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "Missing" + name);
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("HMAC-MD5")]
    [InlineData("HMAC-SHA256")]
    [InlineData("hmac-sha1")]
    public async Task UnknownSignatureMethodGivesInvalidSignatureMethod(string method)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters("RevokeToken", Revoke(tenant));
        parameters["SignatureMethod"] = method;

        var response = await client.SendAsync("POST", client.Sign("POST", parameters));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidSignatureMethod");
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task UnknownSignatureVersionGivesInvalidParameter()
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters("RevokeToken", Revoke(tenant));
        parameters["SignatureVersion"] = "2.0";

        var response = await client.SendAsync("POST", client.Sign("POST", parameters));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidParameter.SignatureVersion");
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("POST", "RevokeToken")]
    [InlineData("GET", "QueryToken")]
    public async Task FormatOtherThanJsonOrXmlGivesInvalidParameterFormatInJson(string method, string action)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Parameters(action, Revoke(tenant));
        parameters["Format"] = "YAML";

        var response = await client.SendAsync(method, client.Sign(method, parameters));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidParameter.Format");
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task ParameterInBothQueryAndBodyGivesParameterCheckFailed()
    {
        var (tenant, client) = await CallerAsync();
        var parameters = client.Sign("POST", client.Parameters("RevokeToken", Revoke(tenant)));

        var response = await client.SendAsync("POST", parameters, rawQuery: "Token=another");

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "ParameterCheckFailed");
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("POST", "Token")]
    [InlineData("POST", "Signature")]
    [InlineData("GET", "InstanceId")]
    [InlineData("GET", "Format")]
    public async Task ParameterGivenTwiceGivesParameterCheckFailed(string method, string name)
    {
        var (tenant, client) = await CallerAsync();
        var action = method == "GET" ? "QueryToken" : "RevokeToken";
        var parameters = client.Sign(method, client.Parameters(action, Revoke(tenant)));
        var text = RawHttp.Form(parameters) + "&" + name + "=" + PercentEncoding.Encode(parameters[name]);

        var response = method == "GET"
            ? await RawHttp.SendAsync(HttpFor(await ServiceAsync()), "GET", "/?" + text)
            : await RawHttp.SendAsync(HttpFor(await ServiceAsync()), "POST", "/", text);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "ParameterCheckFailed");
        await AssertNothingWrittenAsync(tenant);
    }

    [Theory]
    [InlineData("POST", "/RevokeToken")]
    [InlineData("POST", "/api/")]
    [InlineData("GET", "/favicon.ico")]
    [InlineData("GET", "/PurgeExpired")]
    [InlineData("POST", "/purgeexpired/x")]
    public async Task UnknownPathGivesApiNotSupport(string method, string path)
    {
        var (tenant, client) = await CallerAsync();
        var parameters = RawHttp.Form(client.Sign(method, client.Parameters("RevokeToken", Revoke(tenant))));

        var response = method == "GET"
            ? await RawHttp.SendAsync(HttpFor(await ServiceAsync()), "GET", path + "?" + parameters)
            : await RawHttp.SendAsync(HttpFor(await ServiceAsync()), "POST", path, parameters);

        ApiAssert.Error(response, HttpStatusCode.NotFound, "ApiNotSupport");
        await AssertNothingWrittenAsync(tenant);
    }

    private static Dictionary<string, string> Revoke(Tenant tenant, string token = "shape-token") =>
        new() { ["Token"] = token, ["InstanceId"] = tenant.InstanceId };

    private async Task<(Tenant Tenant, SignedClient Client)> CallerAsync()
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        return (tenant, ClientFor(service, tenant));
    }

    private async Task<List<string>> RowKeysAsync(Tenant tenant) =>
        (await Services.LedgerAsync(tenant.AccountId)).Select(r => r.RowKey).Order(StringComparer.Ordinal).ToList();

    private async Task AssertNothingWrittenAsync(params Tenant[] tenants)
    {
        foreach (var tenant in tenants)
        {
            Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
        }
    }

    /// <summary>Directory__CacheSeconds is 1 in the tests: after this, every process has re-read the key.</summary>
    private static Task PastDirectoryCacheAsync() => Task.Delay(TimeSpan.FromSeconds(1.2));
}
