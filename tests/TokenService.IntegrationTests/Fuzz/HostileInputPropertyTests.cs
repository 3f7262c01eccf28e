using System.Globalization;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TokenService.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TokenService.IntegrationTests.Fuzz;

/// <summary>
/// Generated hostile requests against the real server: every answer is documented and carries its
/// RequestId, no failed call changes any table (a copy of every table before and after), and the
/// process keeps answering. Seeded and reproducible: <c>FUZZ_SEED</c> and <c>FUZZ_CASES</c> replay
/// or widen a run (./bench.sh --fuzz runs thousands with a fresh seed); a failure prints the seed,
/// the case and the request.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class HostileInputPropertyTests(StoreFixture store, ITestOutputHelper output) : ServiceTestBase(store)
{
    private const ulong DefaultSeed = 20261202;
    private const int DefaultCases = 300;

    [Fact]
    public async Task GeneratedHostileRequestsGetDocumentedAnswersChangeNothingWhenTheyFailAndTheServerKeepsAnswering()
    {
        var seed = Setting("FUZZ_SEED") is { } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : DefaultSeed;
        var cases = Setting("FUZZ_CASES") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : DefaultCases;
        var service = await StartServiceAsync();
        var tenant = await NewTenantAsync();
        var plans = HostileRequests.Plans().Sample(cases, new Rnd(seed), cases).ToList();
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        output.WriteLine($"FUZZ_SEED={seed} FUZZ_CASES={cases}");

        for (var index = 0; index < plans.Count; index++)
        {
            var request = plans[index](tenant, index);
            var before = await Services.DumpAsync();
            ApiResponse answer;
            try
            {
                answer = await RawHttp.SendOverSocketAsync(service.Port, request.Method, request.Target, request.Body, request.ContentType);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or FormatException or IndexOutOfRangeException or ArgumentException)
            {
                throw Failure(seed, cases, index, request, $"no answer ({e.GetType().Name}: {e.Message})", null);
            }

            var key = $"{(int)answer.Status} {(request.Method == "HEAD" ? "(HEAD, no body)" : Code(answer))}";
            statuses[key] = statuses.GetValueOrDefault(key) + 1;
            if (AnswerInvariants.Violation(request, answer) is { } violation)
            {
                throw Failure(seed, cases, index, request, violation, answer);
            }

            if (answer.Status != HttpStatusCode.OK && await Services.DumpAsync() != before)
            {
                throw Failure(seed, cases, index, request, "a failed call changed the tables", answer);
            }
        }

        foreach (var (status, count) in statuses)
        {
            output.WriteLine($"{count,5}  {status}");
        }

        // The process is still up and serves a normal call.
        var normal = await ClientFor(service, tenant).CallAsync("QueryToken", new Dictionary<string, string> { ["Token"] = "after-fuzz", ["InstanceId"] = tenant.InstanceId }, "GET");
        ApiAssert.TokenStatus(normal, false);
        Assert.True(statuses.Count > 5, "the generator should reach many different answers");
    }

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string Code(ApiResponse answer)
    {
        var code = ApiAssert.IsJson(answer) ? answer.Code : System.Text.RegularExpressions.Regex.Match(answer.Body, "<Code>([^<]*)</Code>").Groups[1].Value;
        return string.IsNullOrEmpty(code) ? "(success)" : code;
    }

    private static Xunit.Sdk.XunitException Failure(ulong seed, int cases, int index, HostileRequest request, string what, ApiResponse? answer) =>
        new(new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Case {index} of FUZZ_SEED={seed} FUZZ_CASES={cases}: {what}")
            .AppendLine(request.ToString())
            .AppendLine(answer is null ? "(no answer)" : $"Answer: {answer}")
            .ToString());
}
