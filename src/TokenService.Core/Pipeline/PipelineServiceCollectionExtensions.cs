using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>The call pipeline; the operations register themselves as <see cref="IRpcOperation"/>.</summary>
    public static IServiceCollection AddCallPipeline(this IServiceCollection services) =>
        services.AddSingleton<CallPipeline>();
}
