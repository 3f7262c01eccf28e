using Microsoft.Azure.Functions.Worker.Builder;
using TokenService.Functions;
using TokenService.Gateway.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddTokenServiceFunctionApp();

var app = builder.Build();
app.Services.ValidateKeyConfiguration();
app.Run();
