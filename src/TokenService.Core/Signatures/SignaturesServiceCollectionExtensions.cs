using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Signatures;

internal static class SignaturesServiceCollectionExtensions
{
    /// <summary>The signature check (V1 and V3) over the account directory.</summary>
    public static IServiceCollection AddSignatures(this IServiceCollection services) =>
        services.AddSingleton<RequestAuthenticator>();
}
