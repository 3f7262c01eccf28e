using TokenService;
using TokenService.Gateway.Brokers;
using TokenService.Gateway.Hosting;
using TokenService.Gateway.Rpc;
using TokenService.Server.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.ListenOnLoopback();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddTokenService(builder.Configuration).AddBrokerGateway();

var app = builder.Build();
app.Services.ValidateKeyConfiguration();
app.MapRpcGateway();
app.MapBrokerEndpoints();
app.Run();
