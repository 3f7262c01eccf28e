using System.Globalization;
using System.Net;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Tokens;

/// <summary>
/// A token's life through the API (docs/contract.md §5): ApplyToken issues it, QueryToken says true on every
/// service process, RevokeToken ends it everywhere at once, and the revocation is kept exactly as
/// long as the token could have lived. Invalid ApplyToken input gets its documented code and
/// writes nothing; every success is metered once.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class TokenLifecycleTests(StoreFixture store, SharedServices shared)
    : SharedServiceTestBase(store, shared), IClassFixture<SharedServices>
{
    [Fact]
    public async Task AppliedTokenIsValidEverywhereUntilRevokedThenInvalidEverywhereAtOnce()
    {
        var processes = new[] { await ServiceAsync(0), await ServiceAsync(1) };
        var tenant = await NewTenantAsync();
        var clients = processes.Select(p => ClientFor(p, tenant)).ToArray();
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds());
        var calls = new List<(string Action, ApiResponse Response)>();

        var applied = await clients[0].CallAsync("ApplyToken", Apply(tenant, expires: expires));
        ApiAssert.Success(applied, "Token");
        calls.Add(("ApplyToken", applied));
        var token = applied.Field("Token")!;
        var before = await QueryEverywhereAsync(clients, tenant, token);
        var revoked = await clients[1].RevokeAsync(token, tenant.InstanceId);
        ApiAssert.Success(revoked);
        calls.Add(("RevokeToken", revoked));
        var after = await QueryEverywhereAsync(clients, tenant, token);

        Assert.All(before, r => ApiAssert.TokenStatus(r, true));
        Assert.All(after, r => ApiAssert.TokenStatus(r, false));
        calls.AddRange(before.Concat(after).Select(r => ("QueryToken", r)));

        var claims = Get<TokenCodec>().Verify(token)!;
        Assert.Equal(tenant.InstanceId, claims.InstanceId);
        Assert.Equal(TokenActions.Read | TokenActions.Write, claims.Actions);
        Assert.Equal(["alerts/#", "devices/+/telemetry"], claims.Resources);
        Assert.Equal(expires, claims.ExpiresAt);

        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Equal(LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of(token)), record.RowKey);
        Assert.Equal(revoked.RequestId, record.RequestId);
        Assert.True(record.ExpiryKnown);
        Assert.Equal(claims.ExpiresAt, record.ExpiresAt);
        Assert.Single(await Services.LedgerAsync(tenant.AccountId, LedgerKeys.Expiry(claims.ExpiresAt, record.RowKey)));

        // Metered: one usage slot per success, with its RequestId and action, and nothing else.
        var usage = await Services.UsageAsync(tenant.AccountId);
        Assert.Equal(
            calls.Select(c => $"{c.Response.RequestId} {c.Action}").Order(),
            usage.Select(u => $"{u.RequestId} {u.Action}").Order());
        Assert.All(usage, u => Assert.Equal(tenant.InstanceId, u.InstanceId));
        Assert.All(usage, u => Assert.Equal(tenant.AccessKeyId, u.AccessKeyId));
    }

    [Fact]
    public async Task TokenIsFalseUnderAnotherInstanceOfTheSameAccountAndUnaffectedByRevocationsThere()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var otherInstance = await tenant.AddInstanceAsync(Services);
        var token = await ApplyAsync(client, tenant);

        var elsewhere = await client.CallAsync("QueryToken", Query(token, otherInstance), "GET");
        var revokedElsewhere = await client.RevokeAsync(token, otherInstance);
        var home = await client.CallAsync("QueryToken", Query(token, tenant.InstanceId), "GET");

        ApiAssert.TokenStatus(elsewhere, false);
        ApiAssert.Success(revokedElsewhere);
        ApiAssert.TokenStatus(home, true);
        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Equal(otherInstance, record.InstanceId);
    }

    [Fact]
    public async Task TokenWithOneCharacterChangedIsFalse()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var token = await ApplyAsync(client, tenant);
        var positions = new[] { 0, 3, token.IndexOf('.', 3) + 5, token.Length / 2, token.LastIndexOf('.') + 3, token.Length - 1 };

        var answers = new List<ApiResponse>();
        foreach (var position in positions)
        {
            var changed = token[..position] + (token[position] == 'A' ? 'B' : 'A') + token[(position + 1)..];
            answers.Add(await client.CallAsync("QueryToken", Query(changed, tenant.InstanceId), "GET"));
        }

        var genuine = await client.CallAsync("QueryToken", Query(token, tenant.InstanceId), "GET");
        Assert.All(answers, a => ApiAssert.TokenStatus(a, false));
        ApiAssert.TokenStatus(genuine, true);
        Assert.Equal(positions.Length + 2, (await Services.UsageAsync(tenant.AccountId)).Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1.t1.AAAA.AAAA")]
    [InlineData("....")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo")]
    public async Task GarbageTokenIsFalseNotAnError(string garbage)
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);

        var get = await client.CallAsync("QueryToken", Query(garbage, tenant.InstanceId), "GET");
        var post = await client.CallAsync("QueryToken", Query(garbage, tenant.InstanceId), "POST");

        ApiAssert.TokenStatus(get, false);
        ApiAssert.TokenStatus(post, false);
        Assert.Equal(
            new[] { get.RequestId, post.RequestId }.Order(),
            (await Services.UsageAsync(tenant.AccountId)).Select(u => u.RequestId).Order());
        Assert.Empty(await Services.RevocationsAsync(tenant.AccountId));
    }

    /// <summary>
    /// No sleeping until the token expires: the service's own pipeline runs in this process over
    /// the same tables with a clock the test moves (the call's signature timestamp moves with it).
    /// </summary>
    [Fact]
    public async Task TokenIsTrueUntilItsExpiryAndFalseFromThen()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var token = await ApplyAsync(client, tenant, DateTimeOffset.UtcNow.AddSeconds(90));
        var expires = Get<TokenCodec>().Verify(token)!.ExpiresAt;
        var clock = new FakeClock(expires.AddMilliseconds(-1));
        await using var later = Settings.BuildServices(clock);

        var justBefore = await InProcessCall.TokenStatusAsync(later, tenant, token);
        clock.Set(expires);
        var atExpiry = await InProcessCall.TokenStatusAsync(later, tenant, token);
        clock.Set(expires.AddDays(1));
        var dayAfter = await InProcessCall.TokenStatusAsync(later, tenant, token);

        Assert.True(justBefore);
        Assert.False(atExpiry);
        Assert.False(dayAfter);
        Assert.Empty(await Services.RevocationsAsync(tenant.AccountId));
    }

    [Fact]
    public async Task ApplyTokenNeverYieldsTheSameTokenTwice()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.CallAsync("ApplyToken", Apply(tenant, expires: expires))));

        Assert.All(answers, a => ApiAssert.Success(a, "Token"));
        var tokens = answers.Select(a => a.Field("Token")!).ToList();
        Assert.Equal(20, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(20, tokens.Select(t => Get<TokenCodec>().Verify(t)!.TokenId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(answers.Select(a => a.RequestId).Order(), (await Services.UsageAsync(tenant.AccountId)).Select(u => u.RequestId).Order());
    }

    [Fact]
    public async Task ExpireTimeBeyondThirtyDaysIsCutToThirtyDays()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var before = DateTimeOffset.UtcNow;

        var token = await ApplyAsync(client, tenant, before.AddDays(45));

        var claims = Get<TokenCodec>().Verify(token)!;
        Assert.Equal(TimeSpan.FromDays(30), claims.ExpiresAt - claims.IssuedAt);
        Assert.InRange(claims.IssuedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task ApplyTokenAnswersXmlWhenAsked()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var business = Apply(tenant);
        business["Format"] = "XML";

        var response = await client.CallAsync("ApplyToken", business);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Matches("^<\\?xml[^>]*\\?><ApplyTokenResponse><RequestId>[0-9A-F-]{36}</RequestId><Token>v1\\.[^<]+</Token></ApplyTokenResponse>$", response.Body);
        Assert.Single(await Services.UsageAsync(tenant.AccountId));
    }

    [Theory]
    [InlineData("ExpireTime", "in 10 s", "InvalidParameter.ExpireTime")]
    [InlineData("ExpireTime", "in 1 h, in seconds", "InvalidParameter.ExpireTime")]
    [InlineData("ExpireTime", "tomorrow", "InvalidParameter.ExpireTime")]
    [InlineData("ExpireTime", "-1", "InvalidParameter.ExpireTime")]
    [InlineData("ExpireTime", "1.9e12", "InvalidParameter.ExpireTime")]
    [InlineData("ExpireTime", "99999999999999999999", "InvalidParameter.ExpireTime")]
    [InlineData("ExpireTime", null, "InvalidParameter.ExpireTime")]
    [InlineData("Actions", "X", "InvalidParameter.Actions")]
    [InlineData("Actions", "RW", "InvalidParameter.Actions")]
    [InlineData("Actions", "r", "InvalidParameter.Actions")]
    [InlineData("Actions", "R,R", "InvalidParameter.Actions")]
    [InlineData("Actions", null, "InvalidParameter.Actions")]
    [InlineData("Resources", "", "InvalidParameter.Resources")]
    [InlineData("Resources", null, "InvalidParameter.Resources")]
    [InlineData("Resources", "101 filters", "InvalidParameter.Resources")]
    [InlineData("Resources", "a/#/b", "InvalidParameter.Resources")]
    [InlineData("Resources", "a/b+", "InvalidParameter.Resources")]
    [InlineData("Resources", "a,,b", "InvalidParameter.Resources")]
    [InlineData("Resources", "65 characters", "InvalidParameter.Resources")]
    [InlineData("InstanceId", null, "InvalidParameter.InstanceId")]
    [InlineData("InstanceId", "mqtt cn", "InvalidParameter.InstanceId")]
    public async Task InvalidApplyTokenInputGetsItsDocumentedCodeAndWritesNothing(string name, string? value, string code)
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var business = Apply(tenant);
        var now = DateTimeOffset.UtcNow;
        var resolved = value switch
        {
            "in 10 s" => now.AddSeconds(10).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            "in 1 h, in seconds" => now.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "101 filters" => string.Join(',', Enumerable.Range(0, 101).Select(i => $"t/{i}")),
            "65 characters" => new string('a', 65),
            _ => value,
        };
        if (resolved is null)
        {
            business.Remove(name);
        }
        else
        {
            business[name] = resolved;
        }

        var response = await client.CallAsync("ApplyToken", business);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, code);
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task OneHundredFiltersAreAcceptedAsTheLimit()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);
        var business = Apply(tenant);
        business["Resources"] = string.Join(',', Enumerable.Range(0, 100).Select(i => $"t/{i}"));

        var token = await client.CallAsync("ApplyToken", business);

        ApiAssert.Success(token, "Token");
        Assert.Equal(100, Get<TokenCodec>().Verify(token.Field("Token"))!.Resources.Count);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    public async Task ApplyTokenByAnotherMethodThanPostGivesUnsupportedHttpMethod(string method)
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);

        var response = await client.CallAsync("ApplyToken", Apply(tenant), method);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "UnsupportedHTTPMethod");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task ApplyTokenForAnotherAccountsInstanceGivesInstancePermissionCheckFailed()
    {
        var tenant = await NewTenantAsync();
        var other = await NewTenantAsync();
        var client = ClientFor(await ServiceAsync(), tenant);

        var response = await client.CallAsync("ApplyToken", Apply(tenant, instance: other.InstanceId));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InstancePermissionCheckFailed");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
        Assert.Empty(await Services.LedgerAsync(other.AccountId));
    }

    private static Dictionary<string, string> Apply(Tenant tenant, string resources = "devices/+/telemetry,alerts/#", DateTimeOffset? expires = null, string actions = "R,W", string? instance = null) =>
        new()
        {
            ["Resources"] = resources,
            ["InstanceId"] = instance ?? tenant.InstanceId,
            ["ExpireTime"] = (expires ?? DateTimeOffset.UtcNow.AddHours(1)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["Actions"] = actions,
        };

    private static Dictionary<string, string> Query(string token, string instanceId) =>
        new() { ["Token"] = token, ["InstanceId"] = instanceId };

    private static async Task<string> ApplyAsync(SignedClient client, Tenant tenant, DateTimeOffset? expires = null)
    {
        var response = await client.CallAsync("ApplyToken", Apply(tenant, expires: expires));
        ApiAssert.Success(response, "Token");
        return response.Field("Token")!;
    }

    /// <summary>QueryToken by GET and by POST on every process.</summary>
    private static async Task<List<ApiResponse>> QueryEverywhereAsync(SignedClient[] clients, Tenant tenant, string token)
    {
        var answers = new List<ApiResponse>();
        foreach (var client in clients)
        {
            answers.Add(await client.CallAsync("QueryToken", Query(token, tenant.InstanceId), "GET"));
            answers.Add(await client.CallAsync("QueryToken", Query(token, tenant.InstanceId), "POST"));
        }

        return answers;
    }
}
