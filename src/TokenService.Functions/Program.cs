using Microsoft.Azure.Functions.Worker.Builder;
using TokenService.Functions;

// The key rings are validated at start (ValidateOnStart in AddTokenService): a misconfigured
// deployment does not start, and its log names the setting.
var builder = FunctionsApplication.CreateBuilder(args);
builder.AddTokenServiceFunctionApp();

var app = builder.Build();
app.Run();
