using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenService.Tests.Disconnects;

/// <summary>
/// A broker's management API on Kestrel on a loopback port of its own: records every request as
/// it arrived on the wire (the raw target, so percent-encoding can be asserted) and answers with
/// whatever the test's handler says. The closers under test use their real HttpClient against it.
/// </summary>
public sealed class FakeBrokerApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeBrokerApi(Func<RecordedRequest, (int Status, string? Json)> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            var request = new RecordedRequest(
                context.Request.Method,
                context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["X-Reason"].ToString());
            _requests.Enqueue(request);
            var (status, json) = answer(request);
            context.Response.StatusCode = status;
            if (json is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json);
            }
        });
    }

    /// <summary>The address the API listens on, with a trailing slash.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeBrokerApi> StartAsync(Func<RecordedRequest, (int Status, string? Json)> answer)
    {
        var api = new FakeBrokerApi(answer);
        await api._app.StartAsync();
        var address = api._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        api.BaseAddress = new Uri(address + "/");
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the fake API received: the method, the raw request target (path and query, as sent), and two headers.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, string Authorization, string Reason)
{
    public string Path => RawTarget.Split('?')[0];
}
