using Microsoft.Extensions.Options;

namespace TokenService.Server.Hosting;

/// <summary>
/// Runs the options validations registered with <c>ValidateOnStart</c> (the key rings) before the
/// server starts, so that a misconfigured server prints one line per wrong setting and exits 1.
/// Left to <c>Run</c>, the same failure would end the process with an unhandled exception: a
/// stack trace and SIGABRT, which say less to an operator than the setting's name.
/// </summary>
public static class StartupValidation
{
    public static int RunWhenConfigured(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (Failures(e) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                Console.Error.WriteLine("error: " + failure);
            }

            return 1;
        }

        app.Run();
        return 0;
    }

    private static List<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.OfType<OptionsValidationException>().SelectMany(o => o.Failures)],
        _ => [],
    };
}
