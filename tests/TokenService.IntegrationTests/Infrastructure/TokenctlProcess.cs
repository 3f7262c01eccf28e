using System.Diagnostics;

namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>
/// <c>tokenctl</c> run as the operator runs it: the CLI executable (built next to the tests, the
/// test project references it) in its own process, with a test's settings as its environment.
/// </summary>
public static class TokenctlProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "tokenctl.dll");

    public static Task<TokenctlResult> RunAsync(ServiceSettings settings, params string[] arguments) =>
        RunDllAsync(Dll, settings.Values, arguments);

    /// <summary>Runs a .NET executable of the test output to its end (at most 60 s), with <paramref name="environment"/> added.</summary>
    public static Task<TokenctlResult> RunDllAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunToExitAsync("dotnet", [dll, .. arguments], environment);

    /// <summary>Runs a program from the repository root to its end (at most <paramref name="timeout"/>, default 60 s), with <paramref name="environment"/> added.</summary>
    public static async Task<TokenctlResult> RunToExitAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start tokenctl.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " " + string.Join(' ', arguments) + $" did not finish within {limit}.");
        }

        return new TokenctlResult(process.ExitCode, await output, await error);
    }
}

public sealed record TokenctlResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n{StandardOutput}\n{StandardError}";
}
