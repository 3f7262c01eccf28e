using TokenService.TestSupport.Ports;
using TokenService.TestSupport.Processes;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// An Azurite table service of the tests' own, on a free loopback port, with its data in a
/// temporary folder (so a stopped and restarted Azurite keeps it). Installed by <c>npm ci</c>.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("azurite-").FullName;
    private ChildProcess? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static async Task<Azurite> StartAsync()
    {
        var azurite = new Azurite();
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts (or restarts) on the same port and data folder.</summary>
    public async Task StartAgainAsync()
    {
        var executable = RepositoryPaths.NodeBin("azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run 'npm ci' in {RepositoryPaths.Root} first.");
        }

        _process = ChildProcess.Start(executable,
            ["--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--location", _location, "--skipApiVersionCheck", "--disableTelemetry", "--silent"],
            [],
            new ChildProcessOptions { WorkingDirectory = RepositoryPaths.Root });
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(30), () => _process.Running);
    }

    /// <summary>Freezes the store (SIGSTOP): connections stay open and requests wait, as with a store that hangs.</summary>
    public Task PauseAsync() => _process?.SignalAsync("STOP") ?? Task.CompletedTask;

    public Task ResumeAsync() => _process?.SignalAsync("CONT") ?? Task.CompletedTask;

    public Task StopAsync() => _process?.StopAsync() ?? Task.CompletedTask;

    /// <summary>
    /// Stops as Ctrl+C would: Azurite saves its database on the way out (a kill can lose the
    /// last few seconds of writes, which it saves every 5 s), so a restart finds every row.
    /// </summary>
    public Task StopGracefullyAsync() => _process?.InterruptAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
