using System.Diagnostics;

namespace TokenService.InfraTests.Infrastructure;

/// <summary>What one run of the Bicep CLI printed and how it ended.</summary>
public sealed record BicepRun(string Command, int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;

    public string AllOutput => (Output + Errors).Trim();

    public override string ToString() => $"`{Command}` exited {ExitCode}:\n{AllOutput}";
}

/// <summary>Runs infra/bicep.sh, the pinned Bicep CLI from NuGet, the way CI and operators do.</summary>
public static class BicepCli
{
    // The first run restores tools/Bicep (a 120 MB package when the NuGet cache is cold).
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static BicepRun Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryRoot.Infra("bicep.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took longer than {Timeout}.");
        }

        return new BicepRun($"bicep {string.Join(' ', arguments)}", process.ExitCode, output.Result, errors.Result);
    }
}
