using Microsoft.Azure.Functions.Worker.Builder;
using TokenService;

// The key rings are validated at start (ValidateOnStart in AddTokenService): a misconfigured
// deployment does not start, and its log names the setting.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddTokenService(builder.Configuration);

var app = builder.Build();
app.Run();
