namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>Finds the repository (the folder with Functions.sln) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeBin(string tool) => Path.Combine(Root, "node_modules", ".bin", tool);

    /// <summary>The standalone server built next to the tests (the test project references it).</summary>
    public static string ServiceDll => Path.Combine(AppContext.BaseDirectory, "TokenService.Server.dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
