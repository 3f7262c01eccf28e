using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Accounts;
using TokenService.Brokers;
using TokenService.Storage;
using TokenService.Tokens;

namespace TokenService;

public static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// Everything the service is made of (store, accounts and keys, token operations, broker decisions), registered the
    /// same way for the HTTP executable, tokenctl, the benchmark and the tests.
    /// </summary>
    public static IServiceCollection AddTokenService(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddTableStorage(configuration)
            .AddAccounts(configuration)
            .AddTokenOperations(configuration)
            .AddBrokers(configuration);
}
