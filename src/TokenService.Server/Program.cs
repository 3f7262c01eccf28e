using TokenService;
using TokenService.Disconnects;
using TokenService.Gateway.Brokers;
using TokenService.Gateway.Rpc;
using TokenService.Server.Hosting;
using TokenService.Telemetry;

var builder = WebApplication.CreateSlimBuilder(args);
builder.ListenOnLoopback();
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddTokenService(builder.Configuration).AddBrokerGateway().AddDisconnectSweepLoop();
builder.Services.AddTokenServiceTelemetry(builder.Configuration);

var app = builder.Build();
app.MapRpcGateway();
app.MapBrokerEndpoints();
return app.RunWhenConfigured();
