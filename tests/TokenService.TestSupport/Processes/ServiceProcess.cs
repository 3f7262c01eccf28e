using System.Diagnostics;
using System.Globalization;
using TokenService.TestSupport.Ports;

namespace TokenService.TestSupport.Processes;

/// <summary>
/// The standalone server (<c>dotnet TokenService.Server.dll</c>, or an executable) in its own
/// process on a loopback port, started the way the Functions host is started by ./run.sh
/// (<c>PORT</c>), with the caller's settings. <see cref="Start"/> returns at once (the bench's cold
/// start measures the time to the first answer from <see cref="StartedTimestamp"/>);
/// <see cref="StartAsync"/> picks a free port and waits until the server listens, as the tests need.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;

    private ServiceProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Pid => _process.Pid;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedTimestamp => _process.StartedTimestamp;

    public bool Exited => !_process.Running;

    /// <summary>The output kept (<see cref="ServiceProcessOptions.KeptLines"/>), for error messages.</summary>
    public string Output => _process.Output;

    /// <param name="program">A .dll run with <c>dotnet</c>, or an executable.</param>
    /// <param name="settings">The service's settings; the port is added.</param>
    /// <param name="port">The loopback port to listen on (<c>PORT</c>).</param>
    /// <param name="options">Null: <see cref="ServiceProcessOptions.Default"/>.</param>
    public static ServiceProcess Start(string program, IReadOnlyDictionary<string, string> settings, int port, ServiceProcessOptions? options = null)
    {
        options ??= ServiceProcessOptions.Default;
        var isDll = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
        };
        var process = ChildProcess.Start(isDll ? "dotnet" : program, isDll ? [program] : [], environment, new ChildProcessOptions
        {
            WorkingDirectory = options.WorkingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(program)),
            RemoveInherited = options.ClearInheritedSettings ? ServiceProcessOptions.IsServiceSetting : null,
            KeepLastLines = options.KeptLines,
        });
        return new ServiceProcess(process, port);
    }

    /// <summary>Starts the server on a free port and returns once it listens (at most 30 s); throws with its output if it does not.</summary>
    public static async Task<ServiceProcess> StartAsync(string program, IReadOnlyDictionary<string, string> settings, ServiceProcessOptions? options = null)
    {
        var service = Start(program, settings, FreePort.Next(), options);
        try
        {
            await FreePort.WaitUntilListeningAsync(service.Port, ListenTimeout, () => !service.Exited).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("The service did not start:\n" + service.Output, e);
        }

        return service;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
