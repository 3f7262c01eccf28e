using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Accounts;
using TokenService.Brokers;
using TokenService.Disconnects;
using TokenService.Ledger;
using TokenService.Operations;
using TokenService.Pipeline;
using TokenService.Revocations;
using TokenService.Signatures;
using TokenService.Storage;
using TokenService.Tokens;

namespace TokenService;

public static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// Everything the service is made of (API and broker decisions), floor by floor, registered the same way for both hosts,
    /// tokenctl, the benchmark and the tests.
    /// </summary>
    public static IServiceCollection AddTokenService(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddTableStorage(configuration)
            .AddAccounts(configuration)
            .AddSignatures()
            .AddLedger(configuration)
            .AddTokens(configuration)
            .AddRevocations()
            .AddCallPipeline()
            .AddTokenOperations()
            .AddBrokers(configuration)
            .AddDisconnects(configuration);
}
