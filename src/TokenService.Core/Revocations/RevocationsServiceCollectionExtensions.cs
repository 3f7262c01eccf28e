using Microsoft.Extensions.DependencyInjection;

namespace TokenService.Revocations;

internal static class RevocationsServiceCollectionExtensions
{
    /// <summary>Reading revocation records (they are written through the ledger's transaction).</summary>
    public static IServiceCollection AddRevocations(this IServiceCollection services) =>
        services.AddSingleton<RevocationLookup>();
}
