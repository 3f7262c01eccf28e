using System.Net;
using Microsoft.AspNetCore.Hosting;
using FunctionsHostHarness.Http;
using FunctionsHostHarness.Protocol;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FunctionsHostHarness.Hosting;

/// <summary>The harness's two Kestrel servers on 127.0.0.1: the gRPC endpoint the worker connects to, and the HTTP front end.</summary>
public static class LoopbackServers
{
    /// <summary>FunctionRpc over cleartext HTTP/2, with the host's unlimited message size.</summary>
    public static async Task<(WebApplication App, Uri Uri)> StartGrpcAsync(WorkerChannel channel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(channel);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync();
        return (app, BoundUri(app));
    }

    /// <summary>
    /// The front end: the admin endpoint, then every other request to the HTTP functions. It adds
    /// no header of its own (no Server header), so what a client sees is what the worker answered
    /// through the host's forwarder. Request bodies up to the host's 100 MB.
    /// </summary>
    public static async Task<(WebApplication App, Uri Uri)> StartFrontEndAsync(int port, AdminEndpoint admin, HttpFunctionProxy proxy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        app.MapPost(AdminEndpoint.Route, admin.InvokeAsync);
        app.Map("/{**path}", proxy.HandleAsync);
        await app.StartAsync();
        return (app, BoundUri(app));
    }

    private static Uri BoundUri(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
