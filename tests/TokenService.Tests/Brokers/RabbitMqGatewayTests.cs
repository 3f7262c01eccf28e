using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenService.Gateway.Brokers;

namespace TokenService.Tests.Brokers;

/// <summary>
/// The RabbitMQ handlers in process, over a real <see cref="HttpContext"/> and the real service
/// registrations. The store points at a port nothing listens on: every case here must be answered
/// without storage, and a storage call would fail the test.
/// </summary>
public sealed class RabbitMqGatewayTests : IDisposable
{
    private const string Key = "broker-key-for-tests";
    private readonly ServiceProvider _services;

    public RabbitMqGatewayTests()
    {
        var signingKey = Convert.ToBase64String(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKey());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            ["Secrets:CurrentKeyId"] = "k1",
            ["Secrets:Keys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tokens:CurrentKeyId"] = "t1",
            ["Tokens:SigningKeys:t1"] = signingKey,
            ["Brokers:Key"] = Key,
            ["Brokers:RabbitMq:AdminUsername"] = "svc-admin",
            ["Brokers:RabbitMq:AdminPassword"] = "admin-password",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddTokenService(configuration).AddBrokerGateway().BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("username=Token%7Cak%7Cinst&password=RW%7Cnot-a-token&client_id=d1")]
    [InlineData("username=someone&password=RW%7Cx&client_id=d1")]
    [InlineData("username=Token%7Cak%7Cinst&password=RW%7Cx")]
    [InlineData("username=Token%7Cak%7Cinst&username=Token%7Cak%7Cinst&password=RW%7Cx&client_id=d1")]
    [InlineData("")]
    public async Task MalformedOrForgedCredentialsAreDeniedWithoutAStorageRoundTrip(string form)
    {
        var (status, text) = await SendAsync(RabbitMqGateway.UserAsync, form);

        Assert.Equal((200, "deny"), (status, text));
    }

    [Fact]
    public async Task TheConfiguredManagementUserIsAnAdministratorOnlyWithItsPassword()
    {
        Assert.Equal("allow administrator management", (await SendAsync(RabbitMqGateway.UserAsync, "username=svc-admin&password=admin-password")).Text);
        Assert.Equal("deny", (await SendAsync(RabbitMqGateway.UserAsync, "username=svc-admin&password=admin-passwort")).Text);
        Assert.Equal("allow", (await SendAsync(RabbitMqGateway.VhostAsync, "username=svc-admin&vhost=%2F")).Text);
    }

    [Fact]
    public async Task TopicChecksWithAnUnknownPermissionOrExchangeAreDenied()
    {
        Assert.Equal("deny", (await SendAsync(RabbitMqGateway.TopicAsync,
            "username=Token%7Cak%7Cinst&vhost=%2F&name=amq.topic&permission=configure&routing_key=a&variable_map.client_id=d1")).Text);
        Assert.Equal("deny", (await SendAsync(RabbitMqGateway.TopicAsync,
            "username=Token%7Cak%7Cinst&vhost=%2F&name=amq.direct&permission=write&routing_key=a&variable_map.client_id=d1")).Text);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("wrong", null, false)]
    [InlineData(Key, null, true)]
    [InlineData(null, Key, true)]
    public void TheBrokerKeyIsAcceptedAsCodeOrHeaderOnly(string? code, string? header, bool accepted)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        if (code is not null)
        {
            http.Request.QueryString = new QueryString("?code=" + Uri.EscapeDataString(code));
        }

        if (header is not null)
        {
            http.Request.Headers[BrokerKey.HeaderName] = header;
        }

        Assert.Equal(accepted, BrokerKey.IsPresented(http));
    }

    private async Task<(int Status, string Text)> SendAsync(Func<HttpContext, Task> handler, string form)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = "POST";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        var body = Encoding.UTF8.GetBytes(form);
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        var response = new MemoryStream();
        http.Response.Body = response;

        await handler(http);

        return (http.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }
}
