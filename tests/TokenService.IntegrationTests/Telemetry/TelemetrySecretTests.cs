using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Accounts;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.IntegrationTests.Limits;
using TokenService.Telemetry;
using TokenService.TestSupport.Proxies;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// Calls that carry every kind of secret the API knows (the AccessKey secret only through the
/// signature, the Signature itself in a GET's query string, an STS SecurityToken and its secret,
/// a token in a query string and in a form body, a failing store that makes the gateway log an
/// exception), then a search through every exported span attribute, metric point and log record.
/// </summary>
[Collection(TelemetryGroup.Name)]
public sealed class TelemetrySecretTests(StoreFixture store) : TelemetryTestBase(store)
{
    [Fact]
    public async Task NoExportedSpanMetricOrLogHoldsATokenSecretSignatureOrKey()
    {
        var tenant = await NewTenantAsync();
        var client = Server.ClientFor(tenant);
        var secrets = new List<string> { tenant.Secret };

        var applied = await client.ApplyAsync(tenant.InstanceId);
        ApiAssert.Success(applied, "Token");
        var token = applied.Field("Token")!;
        secrets.Add(token);

        var query = client.Sign("GET", client.Parameters("QueryToken", new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = tenant.InstanceId }));
        secrets.Add(query["Signature"]);
        ApiAssert.TokenStatus(await client.SendAsync("GET", query), true);

        var revoke = client.Sign("POST", client.Parameters("RevokeToken", new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = tenant.InstanceId }));
        secrets.Add(revoke["Signature"]);
        ApiAssert.Success(await client.SendAsync("POST", revoke));

        var (credential, securityToken) = Services.GetRequiredService<StsIssuer>()
            .Issue(tenant.AccessKeyId, tenant.AccountId, DateTimeOffset.UtcNow.AddHours(1), AccessPolicy.Unrestricted);
        secrets.AddRange([credential.Secret, securityToken]);
        var sts = new SignedClient(Server.Http, credential.AccessKeyId, credential.Secret, securityToken);
        var stsQuery = sts.Sign("GET", sts.Parameters("QueryToken", new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = tenant.InstanceId }));
        secrets.Add(stsQuery["Signature"]);
        ApiAssert.TokenStatus(await sts.SendAsync("GET", stsQuery), false);

        var forged = client.Sign("GET", client.Parameters("QueryToken", new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = tenant.InstanceId }), withSecret: "not-the-secret");
        secrets.Add(forged["Signature"]);
        ApiAssert.Error(await client.SendAsync("GET", forged), HttpStatusCode.BadRequest, "SignatureDoesNotMatch");

        Proxy.Arm(r => r.IsTransaction, StoreFault.ServerBusyBeforeStore, times: 3);
        var failing = client.Sign("POST", client.Parameters("RevokeToken", new Dictionary<string, string> { ["Token"] = token + "-again", ["InstanceId"] = tenant.InstanceId }));
        secrets.AddRange([failing["Signature"], token + "-again"]);
        var failed = await client.SendAsync("POST", failing);
        ApiAssert.Error(failed, HttpStatusCode.InternalServerError, "SystemOverFlow");
        await EventuallyAsync(() => Server.Logs.All.FirstOrDefault(l => l.Text.Contains(failed.RequestId!, StringComparison.Ordinal)), _ => true, "the failure's log");

        secrets.AddRange(Settings.Values.Where(p => p.Key.StartsWith("Secrets__Keys__", StringComparison.Ordinal) || p.Key.StartsWith("Tokens__SigningKeys__", StringComparison.Ordinal)).Select(p => p.Value));
        var spans = await EventuallyAsync(() => Server.Spans, s => s.Count(x => x.Kind == System.Diagnostics.ActivityKind.Server) >= 6, "six HTTP server spans");
        var exported = spans.SelectMany(ExportedText.Of)
            .Concat(Server.CollectMetrics().SelectMany(ExportedText.Of))
            .Concat(Server.Logs.All.Select(l => l.Text))
            .ToList();

        Assert.Contains(exported, line => line.Contains("QueryToken", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(exported, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(exported, line => line.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal));
        }

        Assert.DoesNotContain(exported, line => line.Contains("Signature=", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(exported, line => line.Contains("SecurityToken=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task MetricDimensionsNeverHoldAnAccessKeyIdRequestIdInstanceIdOrToken()
    {
        var tenant = await NewTenantAsync();
        var client = Server.ClientFor(tenant);
        var applied = await client.ApplyAsync(tenant.InstanceId);
        var revoked = await client.RevokeAsync(applied.Field("Token")!, tenant.InstanceId);
        ApiAssert.Success(revoked);
        var unbounded = new[] { tenant.AccessKeyId, tenant.InstanceId, tenant.AccountId, applied.RequestId!, revoked.RequestId!, applied.Field("Token")! };

        var points = (await EventuallyAsync(
            () => Server.CollectMetrics(),
            m => m.Any(x => x.Name == "tokenservice.calls"), "the call metrics")).SelectMany(m => m.MetricPoints).ToList();

        Assert.NotEmpty(points);
        Assert.All(points, point => Assert.DoesNotContain(ExportedText.TagsOf(point), tag => unbounded.Contains(tag.Value?.ToString())));
        Assert.All(points, point => Assert.DoesNotContain(ExportedText.TagsOf(point), tag => tag.Key is TelemetryTags.RequestId or TelemetryTags.InstanceId));
    }
}
