using System.Net;
using System.Text;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Limits;

/// <summary>One call of a load run: what was asked, of which process, and what came back (or that nothing did).</summary>
public sealed record LoadCall(string Action, string AccountId, int Process, string Token, TimeSpan Started, TimeSpan Elapsed, ApiResponse? Answer, string? ClientError)
{
    public bool Succeeded => Answer?.Status == HttpStatusCode.OK;

    /// <summary>The figures a run is judged by, as lines for the test output and docs/reliability.md.</summary>
    public static string Figures(IReadOnlyCollection<LoadCall> calls, int records, int meters, IEnumerable<(int Process, TimeSpan Recovery)> recoveries)
    {
        var text = new StringBuilder();
        text.AppendLine($"calls {calls.Count}, answered 200: {calls.Count(c => c.Succeeded)}, revocation records {records}, meter rows {meters}");
        foreach (var group in calls.GroupBy(c => c.Action).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"  {group.Key}: {group.Count()} calls, {group.Count(c => c.Succeeded)} answered 200");
        }

        foreach (var group in calls.Where(c => !c.Succeeded).GroupBy(c => c.Answer is null ? "no answer: " + c.ClientError : $"{(int)c.Answer.Status} {c.Answer.Code}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"  {group.Key}: {group.Count()}");
        }

        text.AppendLine($"slowest answer {calls.Max(c => c.Elapsed).TotalSeconds:F1} s");
        foreach (var (process, recovery) in recoveries)
        {
            text.AppendLine($"process {process} answered 200 again {recovery.TotalSeconds:F1} s after the store was back");
        }

        return text.ToString();
    }
}
