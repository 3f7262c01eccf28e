using System.Globalization;
using System.Runtime.InteropServices;
using FunctionsHostHarness.Hosting;

// The command line over FunctionsHost; see HarnessArguments.Usage. Prints one line on stdout when
// ready ("harness ready http://127.0.0.1:PORT"), runs until SIGINT/SIGTERM or until the worker
// exits (exit code 1, with the reason on stderr), and stops the worker when it stops.
if (HarnessArguments.Parse(args, out var error) is not { } options)
{
    Console.Error.WriteLine($"harness: {error}\n\n{HarnessArguments.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

FunctionsHost host;
try
{
    host = await FunctionsHost.StartAsync(options, stop.Token);
}
catch (HarnessException e)
{
    Console.Error.WriteLine($"harness: {e.Message}");
    return 1;
}

await using (host)
{
    var address = host.BaseAddress.ToString().TrimEnd('/');
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"harness: worker pid {host.Worker.Pid}, stream opened {host.StreamOpenedAfter.TotalMilliseconds:0} ms and functions loaded {host.LoadedAfter.TotalMilliseconds:0} ms after its start; log {host.LogFile}"));
    Console.Out.WriteLine($"harness ready {address}");
    Console.Out.Flush();

    var exited = host.Worker.Exited;
    if (await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => 0, TaskScheduler.Default)) == exited)
    {
        Console.Error.WriteLine($"harness: the worker exited with code {exited.Result}; its output is in {host.LogFile}");
        return 1;
    }
}

return 0;
