using TokenService.TestSupport.Processes;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// The tests' way to start the standalone server (<see cref="ServiceProcess"/>): the
/// TokenService.Server.dll built next to the tests, with a test's settings, from the repository
/// root, its whole output kept (some tests count its lines), returning once it listens.
/// </summary>
public static class ServiceProcessStart
{
    private static readonly ServiceProcessOptions TestOptions = new()
    {
        WorkingDirectory = RepositoryPaths.Root,
        ClearInheritedSettings = false,
        KeptLines = null,
    };

    extension(ServiceProcess)
    {
        public static Task<ServiceProcess> StartAsync(ServiceSettings settings) =>
            ServiceProcess.StartAsync(RepositoryPaths.ServiceDll, settings.Values, TestOptions);
    }
}
