using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Accounts;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.TestSupport.Processes;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Accounts;

/// <summary>
/// Who may call what (docs/contract.md §3.5, §4): key policies by action and instance, STS temporary credentials in
/// both signature schemes, the V3 header rules, and a rotation of the key that encrypts secrets
/// at rest. Every refused call leaves nothing in its account's ledger partition.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class CredentialTests(StoreFixture store, SharedServices shared)
    : SharedServiceTestBase(store, shared), IClassFixture<SharedServices>
{
    [Fact]
    public async Task KeyLimitedToQueryTokenCannotRevokeOrApplyButCanQuery()
    {
        var tenant = await NewTenantAsync(actions: "mq:QueryToken");
        var client = ClientFor(await ServiceAsync(), tenant);

        var revoke = await client.RevokeAsync("t", tenant.InstanceId);
        var apply = await client.CallAsync("ApplyToken", Apply(tenant));
        var nothingYet = await Services.LedgerAsync(tenant.AccountId);
        var query = await client.CallAsync("QueryToken", Business("t", tenant.InstanceId), "GET");

        ApiAssert.Error(revoke, HttpStatusCode.BadRequest, "PermissionCheckFailed");
        ApiAssert.Error(apply, HttpStatusCode.BadRequest, "PermissionCheckFailed");
        Assert.Empty(nothingYet);
        ApiAssert.TokenStatus(query, false);
        Assert.Equal(query.RequestId, Assert.Single(await Services.UsageAsync(tenant.AccountId)).RequestId);
        Assert.Empty(await Services.RevocationsAsync(tenant.AccountId));
    }

    [Fact]
    public async Task KeyLimitedToAnotherInstanceCannotRevokeHere()
    {
        var tenant = await NewTenantAsync();
        var otherInstance = await tenant.AddInstanceAsync(Services);
        var limited = await tenant.WithNewKeyAsync(Services, instances: otherInstance);
        var client = ClientFor(await ServiceAsync(), limited);

        var here = await client.RevokeAsync("t", tenant.InstanceId);
        var nothingYet = await Services.LedgerAsync(tenant.AccountId);
        var there = await client.RevokeAsync("t", otherInstance);

        ApiAssert.Error(here, HttpStatusCode.BadRequest, "PermissionCheckFailed");
        Assert.Empty(nothingYet);
        ApiAssert.Success(there);
        Assert.Equal(otherInstance, Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).InstanceId);
    }

    [Fact]
    public async Task StsCredentialSignsV1WithSecurityTokenParameterAndIsRecordedWithItsParent()
    {
        var tenant = await NewTenantAsync();
        var (credential, securityToken) = Sts(tenant);
        var client = new SignedClient(HttpFor(await ServiceAsync()), credential.AccessKeyId, credential.Secret, securityToken);

        var response = await client.RevokeAsync("sts-v1", tenant.InstanceId);

        ApiAssert.Success(response);
        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Equal(credential.AccessKeyId, record.AccessKeyId);
        Assert.Equal(tenant.AccessKeyId, record.ParentAccessKeyId);
        Assert.Equal(tenant.AccountId, record.AccountId);
        var usage = Assert.Single(await Services.UsageAsync(tenant.AccountId));
        Assert.Equal((response.RequestId, credential.AccessKeyId, tenant.AccessKeyId), (usage.RequestId, usage.AccessKeyId, usage.ParentAccessKeyId));
    }

    [Fact]
    public async Task StsCredentialSignsV3WithSecurityTokenHeader()
    {
        var tenant = await NewTenantAsync();
        var (credential, securityToken) = Sts(tenant);
        var http = HttpFor(await ServiceAsync());
        var signer = new V3Signer(credential.AccessKeyId, credential.Secret, securityToken);

        var response = await V3Signer.SendAsync(http, signer.Create(http, "RevokeToken", Business("sts-v3", tenant.InstanceId)));

        ApiAssert.Success(response);
        var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        Assert.Equal(LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("sts-v3")), record.RowKey);
        Assert.Equal(credential.AccessKeyId, record.AccessKeyId);
        Assert.Equal(tenant.AccessKeyId, record.ParentAccessKeyId);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("POST", false)]
    [InlineData("GET", false)]
    public async Task LongTermKeySignsV3WithParametersInBodyOrQuery(string method, bool inBody)
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var signer = new V3Signer(tenant.AccessKeyId, tenant.Secret);

        var response = await V3Signer.SendAsync(http, signer.Create(http, "QueryToken", Business("v3 token?&=", tenant.InstanceId), method, inBody));

        // "v3 token?&=" has a space: not a token shape, so this is InvalidParameter.Token after a good signature.
        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidParameter.Token");
        var good = await V3Signer.SendAsync(http, signer.Create(http, "QueryToken", Business("v3-token_~.*'()", tenant.InstanceId), method, inBody));
        ApiAssert.TokenStatus(good, false);
        Assert.Equal(good.RequestId, Assert.Single(await Services.UsageAsync(tenant.AccountId)).RequestId);
    }

    [Fact]
    public async Task StsCredentialNarrowedToQueryTokenCannotRevokeThoughItsParentCan()
    {
        var tenant = await NewTenantAsync();
        var (credential, securityToken) = Sts(tenant, AccessPolicy.Parse("mq:QueryToken", null, out _));
        var service = await ServiceAsync();
        var temporary = new SignedClient(HttpFor(service), credential.AccessKeyId, credential.Secret, securityToken);

        var narrowed = await temporary.RevokeAsync("t", tenant.InstanceId);
        var nothingYet = await Services.LedgerAsync(tenant.AccountId);
        var query = await temporary.CallAsync("QueryToken", Business("t", tenant.InstanceId), "GET");
        var parent = await ClientFor(service, tenant).RevokeAsync("t", tenant.InstanceId);

        ApiAssert.Error(narrowed, HttpStatusCode.BadRequest, "PermissionCheckFailed");
        Assert.Empty(nothingYet);
        ApiAssert.TokenStatus(query, false);
        ApiAssert.Success(parent);
        Assert.Equal(tenant.AccessKeyId, Assert.Single(await Services.RevocationsAsync(tenant.AccountId)).AccessKeyId);
    }

    [Fact]
    public async Task StsCredentialNeverExceedsItsParentsPolicy()
    {
        var tenant = await NewTenantAsync();
        var parent = await tenant.WithNewKeyAsync(Services, actions: "mq:QueryToken");
        var (credential, securityToken) = Sts(parent, AccessPolicy.Unrestricted);
        var client = new SignedClient(HttpFor(await ServiceAsync()), credential.AccessKeyId, credential.Secret, securityToken);

        var response = await client.RevokeAsync("t", tenant.InstanceId);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "PermissionCheckFailed");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("forged")]
    [InlineData("tampered")]
    [InlineData("expired")]
    [InlineData("swapped")]
    [InlineData("sealed by another deployment")]
    [InlineData("parent disabled")]
    public async Task BadStsSecurityTokenGivesCheckAccountInfoFailed(string problem)
    {
        var tenant = await NewTenantAsync();
        var (credential, securityToken) = Sts(tenant, expiration: problem == "expired" ? DateTimeOffset.UtcNow.AddSeconds(-1) : null);
        var (accessKeyId, secret) = (credential.AccessKeyId, credential.Secret);
        string? sent = problem switch
        {
            "missing" => null,
            "empty" => "",
            "forged" => "v1.k1." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            "tampered" => securityToken[..^6] + (securityToken[^6] == 'A' ? 'B' : 'A') + securityToken[^5..],
            "swapped" => Sts(tenant).SecurityToken,
            "sealed by another deployment" => ForeignProtector().Protect("anything", "sts:" + accessKeyId),
            _ => securityToken,
        };
        if (problem == "parent disabled")
        {
            Assert.True((await Get<AccountAdministration>().SetKeyEnabledAsync(tenant.AccessKeyId, false)).Ok);
            await Task.Delay(TimeSpan.FromSeconds(1.2));
        }

        var client = new SignedClient(HttpFor(await ServiceAsync()), accessKeyId, secret, sent);
        var v1 = await client.RevokeAsync("t", tenant.InstanceId);
        var http = HttpFor(await ServiceAsync());
        var v3 = await V3Signer.SendAsync(http, new V3Signer(accessKeyId, secret, sent).Create(http, "RevokeToken", Business("t", tenant.InstanceId)));

        ApiAssert.Error(v1, HttpStatusCode.BadRequest, "CheckAccountInfoFailed");
        ApiAssert.Error(v3, HttpStatusCode.BadRequest, "CheckAccountInfoFailed");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Theory]
    [InlineData("ACS3-HMAC-SHA256")]
    [InlineData("ACS3-HMAC-SHA256 Credential={akid}")]
    [InlineData("ACS3-HMAC-SHA256 Credential={akid},SignedHeaders=host;x-acs-date,Signature=")]
    [InlineData("ACS3-HMAC-SHA256 Credential={akid},SignedHeaders=Host;x-acs-date,Signature=00")]
    [InlineData("ACS3-HMAC-SHA256 Credential={akid},SignedHeaders=host;;x-acs-date,Signature=00")]
    [InlineData("ACS3-HMAC-SHA256 Credential={akid},SignedHeaders=host,Signature=00,Region=cn")]
    [InlineData("ACS3-HMAC-SHA256 Credential={akid} SignedHeaders=host Signature=00")]
    [InlineData("Bearer abc")]
    public async Task MalformedV3AuthorizationGivesIncompleteSignature(string authorization)
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var request = new V3Signer(tenant.AccessKeyId, tenant.Secret).Create(http, "RevokeToken", Business("t", tenant.InstanceId));
        request.Authorization = authorization.Replace("{akid}", tenant.AccessKeyId, StringComparison.Ordinal);

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "IncompleteSignature");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Theory]
    [InlineData("ACS3-HMAC-SM3")]
    [InlineData("ACS3-HMAC-SHA1")]
    [InlineData("acs3-hmac-sha256")]
    public async Task UnknownV3AlgorithmGivesInvalidSignatureMethod(string algorithm)
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var signer = new V3Signer(tenant.AccessKeyId, tenant.Secret);
        var request = signer.Sign(signer.Create(http, "RevokeToken", Business("t", tenant.InstanceId)), algorithm: algorithm);

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "InvalidSignatureMethod");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task V3BodyThatDoesNotMatchItsSignedHashGivesSignatureDoesNotMatch()
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var request = new V3Signer(tenant.AccessKeyId, tenant.Secret).Create(http, "RevokeToken", Business("signed-token", tenant.InstanceId));
        request.Body = Encoding.UTF8.GetBytes($"Token=swapped-token&InstanceId={tenant.InstanceId}");

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        Assert.Contains("ACS3-HMAC-SHA256\n", response.Field("Message"), StringComparison.Ordinal);
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task V3BodyHashChangedWithoutResigningGivesSignatureDoesNotMatch()
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var request = new V3Signer(tenant.AccessKeyId, tenant.Secret).Create(http, "RevokeToken", Business("signed-token", tenant.InstanceId));
        request.Body = Encoding.UTF8.GetBytes($"Token=swapped-token&InstanceId={tenant.InstanceId}");
        request.Headers["x-acs-content-sha256"] = Convert.ToHexStringLower(SHA256.HashData(request.Body));

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task V3SignedWithTheWrongSecretGivesSignatureDoesNotMatch()
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());

        var response = await V3Signer.SendAsync(http, new V3Signer(tenant.AccessKeyId, "wrong-secret").Create(http, "RevokeToken", Business("t", tenant.InstanceId)));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Theory]
    [InlineData("x-acs-signature-nonce")]
    [InlineData("x-acs-date")]
    [InlineData("x-acs-action")]
    [InlineData("x-acs-version")]
    [InlineData("x-acs-content-sha256")]
    [InlineData("host")]
    public async Task V3SignatureThatLeavesOutAnAcsHeaderOrHostGivesIncompleteSignature(string leftOut)
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var signer = new V3Signer(tenant.AccessKeyId, tenant.Secret);
        var request = signer.Create(http, "RevokeToken", Business("t", tenant.InstanceId));
        signer.Sign(request, request.Headers.Keys.Where(h => h != leftOut));

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "IncompleteSignature");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task V3AcsHeaderAddedAfterSigningGivesIncompleteSignature()
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var request = new V3Signer(tenant.AccessKeyId, tenant.Secret).Create(http, "RevokeToken", Business("t", tenant.InstanceId));
        request.Headers["x-acs-extra"] = "smuggled";

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "IncompleteSignature");
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Theory]
    [InlineData("x-acs-content-sha256", "IncompleteSignature")]
    [InlineData("x-acs-date", "MissingTimestamp")]
    [InlineData("x-acs-signature-nonce", "MissingSignatureNonce")]
    [InlineData("x-acs-action", "MissingAction")]
    [InlineData("x-acs-version", "MissingVersion")]
    public async Task V3RequestWithoutARequiredHeaderGetsItsDocumentedCode(string header, string code)
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var signer = new V3Signer(tenant.AccessKeyId, tenant.Secret);
        var request = signer.Create(http, "RevokeToken", Business("t", tenant.InstanceId));
        request.Headers.Remove(header);
        signer.Sign(request);

        var response = await V3Signer.SendAsync(http, request);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, code);
        Assert.Empty(await Services.LedgerAsync(tenant.AccountId));
    }

    [Fact]
    public async Task V3ReplayedNonceGivesSignatureNonceUsed()
    {
        var tenant = await NewTenantAsync();
        var http = HttpFor(await ServiceAsync());
        var request = new V3Signer(tenant.AccessKeyId, tenant.Secret).Create(http, "RevokeToken", Business("t", tenant.InstanceId));

        var first = await V3Signer.SendAsync(http, request);
        var rows = (await Services.LedgerAsync(tenant.AccountId)).Select(r => r.RowKey).Order().ToList();
        var replay = await V3Signer.SendAsync(http, request);

        ApiAssert.Success(first);
        ApiAssert.Error(replay, HttpStatusCode.BadRequest, "SignatureNonceUsed");
        Assert.Equal(rows, (await Services.LedgerAsync(tenant.AccountId)).Select(r => r.RowKey).Order());
    }

    /// <summary>
    /// The documented rotation (SecretProtectionOptions): add k2 and make it current, re-encrypt,
    /// remove k1. The key keeps working at every step. Own tables: re-encryption rewrites every key row.
    /// </summary>
    [Fact]
    public async Task AccessKeySurvivesARotationOfTheSecretEncryptionKey()
    {
        var k1Only = new ServiceSettings(Store.Azurite.ConnectionString);
        await using var k1Services = k1Only.BuildServices();
        var tenant = await Tenant.CreateAsync(k1Services);
        var bothKeys = WithSecretKeys(k1Only, ("k1", k1Only.Values["Secrets__Keys__k1"]), ("k2", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var k2Only = WithSecretKeys(k1Only, ("k2", bothKeys.Values["Secrets__Keys__k2"]));
        var before = await ProtectedSecretAsync(k1Services, tenant);

        var duringRotation = await RevokeThroughAsync(bothKeys, tenant, "during-rotation");
        await using (var rotating = bothKeys.BuildServices())
        {
            var (reencrypted, failed) = await rotating.GetRequiredService<AccountAdministration>().ReencryptSecretsAsync();
            Assert.Equal((1, 0), (reencrypted, failed));
        }

        var after = await ProtectedSecretAsync(k1Services, tenant);
        var afterRotation = await RevokeThroughAsync(k2Only, tenant, "after-rotation");
        var oldKeyOnly = await RevokeThroughAsync(k1Only, tenant, "old-key-only");

        Assert.StartsWith("v1.k1.", before, StringComparison.Ordinal);
        ApiAssert.Success(duringRotation);
        Assert.StartsWith("v1.k2.", after, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Secret, after, StringComparison.Ordinal);
        ApiAssert.Success(afterRotation);
        // A service that only has the retired key cannot read the secret any more.
        ApiAssert.Error(oldKeyOnly, HttpStatusCode.BadRequest, "SignatureDoesNotMatch");
        Assert.Equal(
            new[] { Revocation(tenant, "after-rotation"), Revocation(tenant, "during-rotation") }.Order(StringComparer.Ordinal),
            (await k1Services.RevocationsAsync(tenant.AccountId)).Select(r => r.RowKey).Order(StringComparer.Ordinal));
    }

    private (TemporaryCredential Credential, string SecurityToken) Sts(Tenant parent, AccessPolicy? narrowing = null, DateTimeOffset? expiration = null) =>
        Get<StsIssuer>().Issue(parent.AccessKeyId, parent.AccountId, expiration ?? DateTimeOffset.UtcNow.AddHours(1), narrowing ?? AccessPolicy.Unrestricted);

    private static SecretProtector ForeignProtector() =>
        new(Microsoft.Extensions.Options.Options.Create(new SecretProtectionOptions
        {
            CurrentKeyId = "k1",
            Keys = { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        }));

    /// <summary>The same tables and token keys, with another secret-encryption key ring (the last key current).</summary>
    private static ServiceSettings WithSecretKeys(ServiceSettings settings, params (string Id, string Key)[] keys)
    {
        var copy = new ServiceSettings(settings.Values["Storage__ConnectionString"], settings.Values);
        foreach (var name in copy.Values.Keys.Where(k => k.StartsWith("Secrets__", StringComparison.Ordinal)).ToList())
        {
            copy.Values.Remove(name);
        }

        foreach (var (id, key) in keys)
        {
            copy.Values["Secrets__Keys__" + id] = key;
        }

        copy.Values["Secrets__CurrentKeyId"] = keys[^1].Id;
        return copy;
    }

    private static async Task<ApiResponse> RevokeThroughAsync(ServiceSettings settings, Tenant tenant, string token)
    {
        await using var process = await ServiceProcess.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return await new SignedClient(http, tenant.AccessKeyId, tenant.Secret).RevokeAsync(token, tenant.InstanceId);
    }

    private static async Task<string> ProtectedSecretAsync(IServiceProvider services, Tenant tenant) =>
        (await services.GetRequiredService<AccountAdministration>().FindKeyAsync(tenant.AccessKeyId))!.ProtectedSecret;

    private static string Revocation(Tenant tenant, string token) => LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of(token));

    private static Dictionary<string, string> Business(string token, string instanceId) =>
        new() { ["Token"] = token, ["InstanceId"] = instanceId };

    private static Dictionary<string, string> Apply(Tenant tenant) =>
        new()
        {
            ["Resources"] = "a/b",
            ["InstanceId"] = tenant.InstanceId,
            ["ExpireTime"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Actions"] = "R",
        };
}
