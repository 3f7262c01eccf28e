using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using TokenService.Telemetry;
using TokenService.Gateway.Brokers;
using TokenService.Gateway.Hosting;

namespace TokenService.Functions;

/// <summary>
/// What the function app is made of, in one place, so that the tests build exactly the
/// container that <c>Program.cs</c> runs: the worker with ASP.NET Core integration (the host
/// proxies HTTP requests to the worker's own Kestrel, so the functions see a real HttpContext)
/// and the same service registration as the standalone server.
/// </summary>
public static class FunctionAppComposition
{
    public static FunctionsApplicationBuilder AddTokenServiceFunctionApp(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.Services.ConfigureGatewayKestrel();
        builder.Services.AddTokenService(builder.Configuration).AddBrokerGateway();
        builder.Services.AddTokenServiceTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());
        return builder;
    }
}
