using TokenService.Bench;

// Started by ./bench.sh, which provides Azurite and the builds; see BenchOptions.Usage.
BenchOptions? options;
string? error;
try
{
    options = BenchOptions.Parse(args, out error);
}
catch (FormatException e)
{
    options = null;
    error = e.Message;
}

if (options is null)
{
    Console.Error.WriteLine($"error: {error}\n\n{BenchOptions.Usage}");
    return 2;
}

try
{
    return await new BenchRun(options).RunAsync();
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException or Azure.RequestFailedException or AggregateException)
{
    Console.Error.WriteLine($"FAILED: {e.Message}");
    return 1;
}
