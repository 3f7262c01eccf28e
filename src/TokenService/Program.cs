using TokenService;
using TokenService.Gateway;
using TokenService.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseCustomHandlerPort();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddTokenService(builder.Configuration);

var app = builder.Build();
app.ValidateKeyConfiguration();
app.MapPurgeFunction();
app.MapRpcGateway();
app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
