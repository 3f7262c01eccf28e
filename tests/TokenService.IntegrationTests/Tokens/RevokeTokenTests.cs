using System.Net;
using System.Text.RegularExpressions;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.Revocations;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Tokens;

[Collection(SharedStore.Name)]
public sealed partial class RevokeTokenTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public async Task RevokeAnswersRequestIdAndStoresDurableRecordWithAuditFields()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await ClientFor(service, tenant).RevokeAsync("device-token-1", tenant.InstanceId);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Matches(UpperUuid(), response.RequestId!);
        Assert.Equal(response.RequestId, response.Headers["x-acs-request-id"]);
        Assert.Single(response.Json.EnumerateObject());
        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Equal(LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("device-token-1")), record.RowKey);
        Assert.Equal(tenant.InstanceId, record.InstanceId);
        Assert.Equal(tenant.AccessKeyId, record.AccessKeyId);
        Assert.Equal(tenant.AccountId, record.AccountId);
        Assert.Equal(response.RequestId, record.RequestId);
        Assert.Equal("127.0.0.1", record.ClientAddress);
        Assert.InRange(record.RevokedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.False(record.ExpiryKnown);
        Assert.Equal(record.RevokedAt.Value + RevocationRecord.UnknownExpiryRetention, record.ExpiresAt);
        var usage = Assert.Single(await Services.UsageAsync(tenant.AccountId));
        Assert.Equal(response.RequestId, usage.RequestId);
        Assert.Equal("RevokeToken", usage.Action);
        Assert.Equal(tenant.InstanceId, usage.InstanceId);
    }

    [Fact]
    public async Task RevokeTwiceKeepsFirstRevocationTimeAndAuthor()
    {
        var service = await StartServiceAsync();
        var first = await NewTenantAsync();
        var second = await first.WithNewKeyAsync(Services);

        var one = await ClientFor(service, first).RevokeAsync("token-twice", first.InstanceId);
        var stored = Assert.Single(await Services.RevocationsAsync(first.AccountId));
        await Task.Delay(1100);
        var two = await ClientFor(service, second).RevokeAsync("token-twice", first.InstanceId);

        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(HttpStatusCode.OK, two.Status);
        Assert.NotEqual(one.RequestId, two.RequestId);
        var kept = Assert.Single(await Services.RevocationsAsync(first.AccountId));
        Assert.Equal(stored.RevokedAt, kept.RevokedAt);
        Assert.Equal(first.AccessKeyId, kept.AccessKeyId);
        Assert.Equal(one.RequestId, kept.RequestId);
        // Both calls succeeded, so both are metered.
        Assert.Equal(2, (await Services.UsageAsync(first.AccountId)).Count);
    }

    [Fact]
    public async Task NeitherTokenNorAnySecretIsStoredInPlainText()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        const string token = "a-very-recognisable-token-value-0123456789";

        Assert.Equal(HttpStatusCode.OK, (await ClientFor(service, tenant).RevokeAsync(token, tenant.InstanceId)).Status);

        var dump = await Services.DumpAsync();
        Assert.Contains(TokenHash.Of(token), dump, StringComparison.Ordinal);
        Assert.DoesNotContain(token, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Secret, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Settings.Values["Secrets__Keys__k1"], dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XmlFormatAnswersRevokeTokenResponseAndXmlErrors()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);

        var ok = await client.SendAsync("POST", client.Sign("POST", client.Parameters("RevokeToken",
            new Dictionary<string, string> { ["Token"] = "t", ["InstanceId"] = tenant.InstanceId, ["Format"] = "xml" })));
        var error = await client.SendAsync("POST", client.Sign("POST", client.Parameters("RevokeToken",
            new Dictionary<string, string> { ["Token"] = "t", ["Format"] = "XML" })));

        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Matches(@"^<\?xml[^>]*\?><RevokeTokenResponse><RequestId>[0-9A-F-]{36}</RequestId></RevokeTokenResponse>$", ok.Body);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Matches(@"<Error><RequestId>[0-9A-F-]{36}</RequestId><HostId>127.0.0.1</HostId><Code>InvalidParameter.InstanceId</Code>", error.Body);
    }

    [Fact]
    public async Task TokenOfTheMaximumLengthIsRevoked()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var token = new string('t', TokenCodec.MaxTokenLength);

        var response = await ClientFor(service, tenant).RevokeAsync(token, tenant.InstanceId);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of(token)), Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).RowKey);
    }

    [Fact]
    public async Task RevokingAnAlreadyExpiredTokenAnswers200AndKeepsTheRecordOnlyUntilItsExpiry()
    {
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var past = new FakeClock(DateTimeOffset.UtcNow.AddHours(-2));
        string token;
        await using (var earlier = Settings.BuildServices(past))
        {
            var applied = await InProcessCall.RunAsync(earlier, tenant, "ApplyToken", new Dictionary<string, string>
            {
                ["Resources"] = "a/#",
                ["InstanceId"] = tenant.InstanceId,
                ["ExpireTime"] = past.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Actions"] = "W",
            });
            token = (string)applied.Response!.Fields.Single(f => f.Key == "Token").Value;
        }

        var response = await ClientFor(service, tenant).RevokeAsync(token, tenant.InstanceId);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.True(record.ExpiryKnown);
        Assert.Equal(Get<TokenCodec>().Verify(token)!.ExpiresAt, record.ExpiresAt);
        Assert.True(record.ExpiresAt < record.RevokedAt);
    }

    [GeneratedRegex("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")]
    private static partial Regex UpperUuid();
}
