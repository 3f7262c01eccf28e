using System.Diagnostics;
using TokenService.Bench.Processes;

namespace TokenService.Bench.Reporting;

/// <summary>Where and from what the numbers come: the machine, the time, the commit.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Memory, DateTimeOffset Date, string Commit, string Runtime)
{
    public static MachineInfo Describe(string repository) => new(
        Environment.ProcessorCount,
        ProcFs.CpuModel(),
        ProcFs.MemoryTotal(),
        DateTimeOffset.UtcNow,
        DescribeCommit(repository),
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);

    private static string DescribeCommit(string repository)
    {
        var commit = Git(repository, "rev-parse", "--short", "HEAD") ?? "unknown";
        var changes = Git(repository, "status", "--porcelain", "--untracked-files=no");
        return string.IsNullOrWhiteSpace(changes) ? commit : commit + " with uncommitted changes";
    }

    private static string? Git(string repository, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
