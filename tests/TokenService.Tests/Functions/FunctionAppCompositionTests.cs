using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Functions;
using TokenService.Ledger;
using TokenService.Pipeline;

namespace TokenService.Tests.Functions;

/// <summary>
/// The function app's container, composed as Program.cs composes it, is complete: every
/// registration can be built (validated at build, scopes checked), and what the functions need
/// resolves. A missing registration would otherwise surface only on the first invocation in Azure.
/// </summary>
public sealed class FunctionAppCompositionTests
{
    [Fact]
    public void EveryRegisteredServiceOfTheWorkerCanBeBuilt()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(ValidSettings());
        builder.AddTokenServiceFunctionApp();

        using var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(services.GetRequiredService<CallPipeline>());
        Assert.NotNull(services.GetRequiredService<ExpiryPurger>());
        Assert.NotNull(ActivatorUtilities.CreateInstance<PurgeExpiredFunction>(services));
        Assert.NotNull(services.GetRequiredService<IFunctionActivator>());
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Secrets:CurrentKeyId"] = "k1",
        ["Secrets:Keys:k1"] = Convert.ToBase64String(new byte[32]),
        ["Tokens:CurrentKeyId"] = "t1",
        ["Tokens:SigningKeys:t1"] = Convert.ToBase64String(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey()),
    };
}
