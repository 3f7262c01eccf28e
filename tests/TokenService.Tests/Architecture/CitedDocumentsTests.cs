using System.Text.RegularExpressions;

namespace TokenService.Tests.Architecture;

/// <summary>
/// Comments point a reader to documents, and the reader has only the repository: every
/// <c>docs/*.md</c> a source file names must exist, and nothing may cite the upstream
/// specification by its section numbers, whose content lives in docs/contract.md in the project's own words.
/// </summary>
public sealed partial class CitedDocumentsTests
{
    private static readonly string[] Sources = ["src", "tests", "bench", "infra", "scripts"];
    private static readonly string[] Extensions = [".cs", ".mjs", ".sh", ".bicep", ".csproj", ".props"];

    [Fact]
    public void EveryDocumentACommentNamesIsInTheRepository()
    {
        var root = RepositoryRoot();
        var missing = SourceFiles(root)
            .SelectMany(file => DocumentPattern().Matches(File.ReadAllText(file))
                .Select(m => (File: Path.GetRelativePath(root, file), Document: m.Value)))
            .Where(cited => !File.Exists(Path.Combine(root, cited.Document)))
            .Select(cited => $"{cited.File} cites {cited.Document}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "Cited but not in the repository:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void NoCommentCitesTheUpstreamSpecification()
    {
        var root = RepositoryRoot();
        var citing = SourceFiles(root)
            .Where(file => SpecPattern().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(root, file))
            .ToList();
        Assert.True(citing.Count == 0, "Cite docs/contract.md instead:\n" + string.Join('\n', citing));
    }

    [Fact]
    public void ThePatternsSeeWhatTheyAreFor()
    {
        Assert.Equal(["docs/contract.md"], DocumentPattern().Matches("see docs/contract.md §7.2.").Select(m => m.Value));
        // Spelled in two parts, so that this file does not cite it.
        Assert.Matches(SpecPattern(), "the check order (" + "SP" + "EC 5)");
        Assert.DoesNotMatch(SpecPattern(), "SP" + "ECIFIC_NAME");
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        Sources.Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Functions.sln not found");
    }

    [GeneratedRegex(@"\bdocs/[A-Za-z0-9._-]+\.md\b")]
    private static partial Regex DocumentPattern();

    [GeneratedRegex(@"\bSP" + @"EC\b")]
    private static partial Regex SpecPattern();
}
