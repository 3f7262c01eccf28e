using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenService.Storage;

namespace TokenService.Cli.Commands;

/// <summary>Runs a verb's body with the services and the output it needs; storage failures become a clear message.</summary>
public static class CommandContext
{
    public static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object.", Recursive = true };

    public static void SetHandler(this Command command, Func<ParseResult, IServiceProvider, Output, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = new Output(parse.GetValue(Json), Console.Out, Console.Error);
            await using var services = CliHost.Build();
            try
            {
                return await body(parse, services, output, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                return output.Failure(e.Message);
            }
            catch (OptionsValidationException e)
            {
                // A key ring that is missing or malformed: its message names the setting.
                return output.Failure(e.Message);
            }
            catch (Exception e) when (StoreFailure.Describe(e, () => services.Get<TableSet>().ServiceUri) is { } message)
            {
                return output.Failure(message);
            }
        });

    public static T Get<T>(this IServiceProvider services) where T : notnull => services.GetRequiredService<T>();
}
