using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.Ledger;
using TokenService.TestSupport.Processes;
using TokenService.Tokens;

namespace TokenService.IntegrationTests.Gateway;

/// <summary>
/// The store goes away and comes back under a running service: while it is away every call is
/// answered quickly with a 500 that says nothing about the store; when it is back the same
/// process serves again without a restart, and what failed left nothing behind. This class stops
/// its own Azurite, so it never disturbs the shared one.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class StorageDownTests : IAsyncLifetime
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);
    private static readonly string[] Internals = ["Azure", "Table", "azurite", "devstoreaccount1", "Exception", "   at ", "Socket", "refused"];
    private static readonly string[] ServerErrorCodes = ["InternalError", "SystemOverFlow"];

    private Azurite _azurite = null!;
    private ServiceSettings _settings = null!;
    private ServiceProvider _services = null!;
    private ServiceProcess _process = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _settings = new ServiceSettings(_azurite.ConnectionString);
        _services = _settings.BuildServices();
        _process = await ServiceProcess.StartAsync(_settings);
    }

    public async Task DisposeAsync()
    {
        await _process.DisposeAsync();
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task StoreOutageGivesInternalErrorWithoutInternalsAndTheSameProcessRecoversWhenTheStoreReturns()
    {
        var tenant = await Tenant.CreateAsync(_services);
        using var http = new HttpClient { BaseAddress = _process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var client = new SignedClient(http, tenant.AccessKeyId, tenant.Secret);
        ApiAssert.Success(await client.RevokeAsync("before-outage", tenant.InstanceId));

        await _azurite.StopGracefullyAsync();
        // Past the directory cache (1 s): the key must now be read from the store too.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var duringRevoke = client.Sign("POST", client.Parameters("RevokeToken", Business("during-outage", tenant)));
        var revoke = await TimedAsync(() => client.SendAsync("POST", duringRevoke));
        var query = await TimedAsync(() => client.CallAsync("QueryToken", Business("before-outage", tenant), "GET"));

        await _azurite.StartAgainAsync();
        var after = await client.RevokeAsync("after-outage", tenant.InstanceId);
        // Nothing of the failed call was stored, so the very same request (same nonce) now succeeds.
        var retried = await client.SendAsync("POST", duringRevoke);

        foreach (var (response, elapsed) in new[] { revoke, query })
        {
            AssertServerErrorWithoutInternals(response);
            Assert.True(elapsed < AnswerBound, $"answered after {elapsed}");
        }

        ApiAssert.Success(after);
        ApiAssert.Success(retried);
        var revoked = (await _services.RevocationsAsync(tenant.AccountId)).ToDictionary(r => r.RowKey, r => r.RequestId);
        Assert.Equal(3, revoked.Count);
        Assert.Equal(after.RequestId, revoked[LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("after-outage"))]);
        Assert.Equal(retried.RequestId, revoked[LedgerKeys.Revocation(tenant.InstanceId, TokenHash.Of("during-outage"))]);
        var metered = (await _services.UsageAsync(tenant.AccountId)).Select(r => r.RequestId).ToHashSet();
        Assert.Equal(3, metered.Count);
        Assert.DoesNotContain(revoke.Response.RequestId, metered);
        Assert.DoesNotContain(query.Response.RequestId, metered);
    }

    [Fact]
    public async Task ServiceStartedWhileTheStoreIsDownServesOnceItIsUp()
    {
        var tenant = await Tenant.CreateAsync(_services);
        await _azurite.StopGracefullyAsync();
        await using var late = await ServiceProcess.StartAsync(_settings);
        using var http = new HttpClient { BaseAddress = late.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var client = new SignedClient(http, tenant.AccessKeyId, tenant.Secret);

        var down = await TimedAsync(() => client.RevokeAsync("t", tenant.InstanceId));
        await _azurite.StartAgainAsync();
        var up = await client.RevokeAsync("t", tenant.InstanceId);

        AssertServerErrorWithoutInternals(down.Response);
        Assert.True(down.Elapsed < AnswerBound, $"answered after {down.Elapsed}");
        ApiAssert.Success(up);
        Assert.Equal(up.RequestId, Assert.Single(await _services.RevocationsAsync(tenant.AccountId)).RequestId);
    }

    private void AssertServerErrorWithoutInternals(ApiResponse response)
    {
        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains(response.Code, ServerErrorCodes);
        ApiAssert.Error(response, HttpStatusCode.InternalServerError, response.Code!);
        // The RequestId is random hex: it could spell a port number by chance.
        var body = response.Body.Replace(response.RequestId!, "", StringComparison.Ordinal);
        var port = _azurite.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var leak in Internals.Append(port).Append(_settings.TablePrefix))
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static Dictionary<string, string> Business(string token, Tenant tenant) =>
        new() { ["Token"] = token, ["InstanceId"] = tenant.InstanceId };

    private static async Task<(ApiResponse Response, TimeSpan Elapsed)> TimedAsync(Func<Task<ApiResponse>> call)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        return (response, watch.Elapsed);
    }
}
