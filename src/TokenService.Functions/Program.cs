using Microsoft.Azure.Functions.Worker.Builder;
using TokenService;
using TokenService.Gateway.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.ConfigureGatewayKestrel();
builder.Services.AddTokenService(builder.Configuration);

var app = builder.Build();
app.Services.ValidateKeyConfiguration();
app.Run();
