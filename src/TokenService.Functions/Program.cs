using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using TokenService;
using TokenService.Gateway.Hosting;
using TokenService.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddTokenService(builder.Configuration);
builder.Services.AddTokenServiceTelemetry(builder.Configuration, telemetry => telemetry.UseFunctionsWorkerDefaults());

var app = builder.Build();
app.Services.ValidateKeyConfiguration();
app.Run();
