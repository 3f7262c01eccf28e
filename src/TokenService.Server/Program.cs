using TokenService;
using TokenService.Gateway.Rpc;
using TokenService.Server.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.ListenOnLoopback();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddTokenService(builder.Configuration);

var app = builder.Build();
app.MapRpcGateway();
return app.RunWhenConfigured();
