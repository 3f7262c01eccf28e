using TokenService.Accounts;
using TokenService.Ledger;
using TokenService.Signatures;
using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Pipeline;

internal static class PipelineServiceCollectionExtensions
{
    /// <summary>The call pipeline; the operations register themselves as <see cref="IRpcOperation"/>.</summary>
    public static IServiceCollection AddCallPipeline(this IServiceCollection services) =>
        services.AddSingleton(provider => new CallPipeline(
            provider.GetServices<IRpcOperation>(),
            provider.GetRequiredService<RequestAuthenticator>(),
            provider.GetRequiredService<AccountDirectory>(),
            provider.GetRequiredService<CallLedger>(),
            provider.GetRequiredService<TimeProvider>()));
}
