using Microsoft.Azure.Functions.Worker.Builder;
using TokenService;
using TokenService.Gateway.Brokers;
using TokenService.Gateway.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddTokenService(builder.Configuration).AddBrokerGateway();

var app = builder.Build();
app.Services.ValidateKeyConfiguration();
app.Run();
