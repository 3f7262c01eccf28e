using Microsoft.Extensions.DependencyInjection;
using TokenService.Pipeline;

namespace TokenService.Operations;

internal static class OperationsServiceCollectionExtensions
{
    /// <summary>The three API operations, plugged into the call pipeline.</summary>
    public static IServiceCollection AddTokenOperations(this IServiceCollection services) =>
        services
            .AddSingleton<IRpcOperation, ApplyTokenOperation>()
            .AddSingleton<IRpcOperation, QueryTokenOperation>()
            .AddSingleton<IRpcOperation, RevokeTokenOperation>();
}
