using System.Text.RegularExpressions;

namespace TokenService.Tests.Architecture;

/// <summary>
/// The core's folders are floors: each may use only the floors beneath it, so there is no cycle
/// and a reader can learn the house from the ground up. The vocabulary of requests and errors is
/// the ground; the pipeline and the operations plugged into it are the roof. A new folder must be
/// given its floor here, which is where its place in the house is decided.
/// </summary>
public sealed partial class CoreFloorsTests
{
    /// <summary>Bottom to top. A folder may reference only folders listed before it.</summary>
    private static readonly string[] Floors =
    [
        "Rpc",          // the vocabulary: requests, responses, errors, action names
        "Telemetry",    // the service's ActivitySource, Meter and instruments, used by every floor above
        "Storage",      // table clients and options
        "Accounts",     // accounts, instances, AccessKeys, policies, STS, secret protection
        "Signatures",   // V1 and V3 verification over the directory
        "Ledger",       // the per-account partition: slots = meter, nonces, purge, usage
        "Tokens",       // what a token is: codec, claims, hash, topic filters, grants
        "Revocations",  // where revocations live
        "Brokers",      // CONNECT and topic decisions for MQTT brokers, their sessions
        "Disconnects",  // closing the connections of revoked and expired tokens
        "Pipeline",     // the check order and the operation contract
        "Operations",   // ApplyToken, QueryToken, RevokeToken
    ];

    public static TheoryData<string> Folders() => [.. CoreFolders()];

    [Theory]
    [MemberData(nameof(Folders))]
    public void AFolderUsesOnlyTheFloorsBeneathIt(string folder)
    {
        var floor = Array.IndexOf(Floors, folder);
        Assert.True(floor >= 0, $"src/TokenService.Core/{folder} has no floor: add it to {nameof(Floors)} in {nameof(CoreFloorsTests)}.");
        var upward = References(folder)
            .Where(r => r.Target != folder && (Array.IndexOf(Floors, r.Target) is var target && (target < 0 || target > floor)))
            .Select(r => $"{r.File} uses TokenService.{r.Target}")
            .ToList();
        Assert.True(upward.Count == 0, $"{folder} (floor {floor}) reaches up or out:\n" + string.Join('\n', upward));
    }

    [Fact]
    public void TheRuleWouldCatchAnUpwardReference()
    {
        // The scan itself: a reference to the roof from the ground is seen.
        var found = ReferencePattern().Matches("using TokenService.Pipeline;\nvar x = new TokenService.Operations.X();")
            .Select(m => m.Groups[1].Value);
        Assert.Equal(["Pipeline", "Operations"], found);
    }

    private static IEnumerable<string> CoreFolders() =>
        Directory.EnumerateDirectories(CoreRoot())
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(CoreRoot(), name!), "*.cs", SearchOption.AllDirectories).Any())
            .Order(StringComparer.Ordinal)!;

    private static IEnumerable<(string File, string Target)> References(string folder) =>
        Directory.EnumerateFiles(Path.Combine(CoreRoot(), folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => ReferencePattern().Matches(File.ReadAllText(file))
                .Select(m => (Path.GetRelativePath(CoreRoot(), file), m.Groups[1].Value)));

    private static string CoreRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Functions.sln not found"), "src", "TokenService.Core");
    }

    [GeneratedRegex(@"\bTokenService\.([A-Z][A-Za-z]*)")]
    private static partial Regex ReferencePattern();
}
