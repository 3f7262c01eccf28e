using System.Globalization;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// The standalone server on a free loopback port, started the way the Functions host
/// is started by ./run.sh (<c>PORT</c>), with the test's settings.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ServiceProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    public static async Task<ServiceProcess> StartAsync(ServiceSettings settings)
    {
        var port = FreePort.Next();
        var environment = settings.Values.ToDictionary(p => p.Key, p => (string?)p.Value);
        environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var process = new ChildProcess("dotnet", [RepositoryPaths.ServiceDll], environment);
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => process.Running);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException("The service did not start:\n" + process.Output, e);
        }

        return new ServiceProcess(process, port);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
