using Microsoft.Extensions.DependencyInjection;
using TokenService.Pipeline;
using TokenService.Rpc;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a signed call through the service's own <see cref="CallPipeline"/> in this process, over
/// the test's tables: with services built over a <see cref="FakeClock"/>, the call happens at
/// whatever time the test chose (the signature's timestamp goes with it).
/// </summary>
public static class InProcessCall
{
    public static async Task<Outcome> RunAsync(IServiceProvider services, Tenant tenant, string action, IDictionary<string, string> business, string method = "POST", string? nonce = null)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var signer = new SignedClient(null!, tenant.AccessKeyId, tenant.Secret);
        var parameters = signer.Sign(method, signer.Parameters(action, business, timestamp: now, nonce: nonce));
        var request = new RpcRequest
        {
            Method = method,
            Host = "127.0.0.1",
            Parameters = parameters,
            QueryParameters = method == "GET" ? parameters : new Dictionary<string, string>(),
            Headers = new Dictionary<string, string>(),
            ClientAddress = "127.0.0.1",
            RequestId = Guid.NewGuid().ToString("D").ToUpperInvariant(),
        };
        return await services.GetRequiredService<CallPipeline>().RunAsync(request, CancellationToken.None);
    }

    /// <summary>QueryToken's TokenStatus at the services' clock.</summary>
    public static async Task<bool> TokenStatusAsync(IServiceProvider services, Tenant tenant, string token, string? instanceId = null)
    {
        var outcome = await RunAsync(services, tenant, "QueryToken",
            new Dictionary<string, string> { ["Token"] = token, ["InstanceId"] = instanceId ?? tenant.InstanceId });
        Assert.True(outcome.Error is null, outcome.Error?.ToString());
        return (bool)outcome.Response!.Fields.Single(f => f.Key == "TokenStatus").Value;
    }
}
