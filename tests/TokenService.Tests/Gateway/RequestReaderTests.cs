using System.Text;
using Microsoft.AspNetCore.Http;
using TokenService.Gateway.Rpc;

namespace TokenService.Tests.Gateway;

public sealed class RequestReaderTests
{
    private static DefaultHttpContext Context(string? query, Stream body, string? contentType = "application/x-www-form-urlencoded", long? contentLength = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Host = new HostString("127.0.0.1", 7071);
        http.Request.QueryString = query is null ? QueryString.Empty : new QueryString("?" + query);
        http.Request.Body = body;
        http.Request.ContentType = contentType;
        http.Request.ContentLength = contentLength;
        return http;
    }

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task QueryAndFormBodyAreMergedAndTheRawBodyKept()
    {
        var http = Context("Action=RevokeToken&Format=JSON", Body("Token=t&InstanceId=i"));

        var (request, error) = await RequestReader.ReadAsync(http, "ID", CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(["Action", "Format", "InstanceId", "Token"], request!.Parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Action", "Format"], request.QueryParameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Token=t&InstanceId=i", Encoding.UTF8.GetString(request.Body.Span));
        Assert.Equal("127.0.0.1:7071", request.Host);
    }

    [Fact]
    public async Task BodyLongerThanTheCapWithoutContentLengthIsRefused()
    {
        var http = Context(null, Body("Pad=" + new string('a', GatewayLimits.MaxBodyBytes)));

        var (request, error) = await RequestReader.ReadAsync(http, "ID", CancellationToken.None);

        Assert.Null(request);
        Assert.Equal("ParameterCheckFailed", error?.Code);
    }

    /// <summary>Kestrel enforces the body cap on a chunked body by throwing from the read as the cap is crossed.</summary>
    [Theory]
    [InlineData(StatusCodes.Status413PayloadTooLarge)]
    [InlineData(StatusCodes.Status400BadRequest)]
    public async Task ServerRefusingToReadTheBodyIsAClientError(int status)
    {
        var http = Context(null, new RefusingStream(status));

        var (request, error) = await RequestReader.ReadAsync(http, "ID", CancellationToken.None);

        Assert.Null(request);
        Assert.Equal("ParameterCheckFailed", error?.Code);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task BodyOfAnotherContentTypeIsRefused(string? contentType)
    {
        var (_, error) = await RequestReader.ReadAsync(Context(null, Body("Token=t"), contentType), "ID", CancellationToken.None);

        Assert.Equal("ParameterCheckFailed", error?.Code);
    }

    [Fact]
    public async Task FormContentTypeWithCharsetIsAccepted()
    {
        var (_, error) = await RequestReader.ReadAsync(Context(null, Body("Token=t"), "application/x-www-form-urlencoded; charset=UTF-8"), "ID", CancellationToken.None);

        Assert.Null(error);
    }

    [Fact]
    public async Task InvalidUtf8BodyIsRefused()
    {
        var (_, error) = await RequestReader.ReadAsync(Context(null, new MemoryStream([(byte)'T', (byte)'=', 0xFF])), "ID", CancellationToken.None);

        Assert.Equal("ParameterCheckFailed", error?.Code);
    }

    [Fact]
    public async Task NameInBothQueryAndBodyIsRefused()
    {
        var (_, error) = await RequestReader.ReadAsync(Context("Token=a", Body("Token=b")), "ID", CancellationToken.None);

        Assert.Equal("ParameterCheckFailed", error?.Code);
    }

    private sealed class RefusingStream(int status) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Request body too large.", status);
    }
}
