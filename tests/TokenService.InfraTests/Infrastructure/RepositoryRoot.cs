namespace TokenService.InfraTests.Infrastructure;

/// <summary>Paths in the repository, found by walking up from the test assembly to Functions.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Infra(string relative) => System.IO.Path.Combine(Path, "infra", relative);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}.");
    }
}
