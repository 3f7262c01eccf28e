using TokenService.Accounts;
using TokenService.Gateway;
using TokenService.Hosting;
using TokenService.Storage;
using TokenService.Tokens;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseCustomHandlerPort();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddTableStorage(builder.Configuration);
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddTokenOperations(builder.Configuration);

var app = builder.Build();
app.ValidateKeyConfiguration();
app.MapPurgeFunction();
app.MapRpcGateway();
app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
