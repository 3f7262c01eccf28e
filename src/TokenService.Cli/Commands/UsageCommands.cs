using System.CommandLine;
using TokenService.Ledger;
using TokenService.Revocations;
using TokenService.Signatures;
using TokenService.Tokens;

namespace TokenService.Cli.Commands;

public static class UsageCommands
{
    public static Command Usage()
    {
        var instance = new Option<string>("--instance") { Description = "The instance to report.", Required = true };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (inclusive), e.g. 2026-11-01T00:00:00Z. Default: 24 hours ago." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (exclusive). Default: now." };
        var usage = new Command("usage", "Successful calls (billing units) of an instance: total, per action, per second.") { instance, from, to };
        usage.SetHandler(async (parse, services, output, ct) =>
        {
            var now = services.Get<TimeProvider>().GetUtcNow();
            var end = parse.GetValue(to) ?? now.AddSeconds(1);
            var start = parse.GetValue(from) ?? end.AddDays(-1);
            if (start >= end)
            {
                return output.Failure("--from must be before --to.");
            }

            var report = await services.Get<UsageMeter>().ReportAsync(parse.GetValue(instance)!, start, end, ct);
            if (report is null)
            {
                return output.Failure($"Instance '{parse.GetValue(instance)}' does not exist.");
            }

            var text = $"{report.InstanceId}: {report.Total} calls from {Timestamps.Format(start)} to {Timestamps.Format(end)}, peak {report.PeakTps}/s\n"
                + string.Join('\n', report.ByAction.Select(a => $"  {a.Key,-12} {a.Value}"));
            return output.Success(text,
                ("InstanceId", report.InstanceId), ("From", start), ("To", end), ("Total", report.Total),
                ("ByAction", report.ByAction.Select(a => (a.Key, (object?)a.Value)).ToList()),
                ("PeakTps", report.PeakTps),
                ("PerSecond", report.PerSecond.Select(s => (IEnumerable<(string, object?)>)[("Second", s.Second), ("Calls", s.Calls)]).ToList()));
        });
        return usage;
    }

    public static Command Revocation()
    {
        var instance = new Option<string>("--instance") { Description = "The instance the token was revoked under.", Required = true };
        var token = new Option<string>("--token") { Description = "The token (only its hash is looked up).", Required = true };
        var show = new Command("show", "Show the revocation record of a token: when, by whom, until when it is kept.") { instance, token };
        show.SetHandler(async (parse, services, output, ct) =>
        {
            var record = await services.Get<RevocationLookup>().FindAsync(parse.GetValue(instance)!, parse.GetValue(token)!, ct);
            if (record is null)
            {
                return output.Failure("No revocation record for that token under that instance.");
            }

            return output.Success(
                $"revoked at {Timestamps.Format(record.RevokedAt!.Value)} by {record.AccessKeyId} (account {record.AccountId}, request {record.RequestId}, from {record.ClientAddress}); kept until {Timestamps.Format(record.ExpiresAt!.Value)}",
                ("InstanceId", record.InstanceId), ("TokenHash", TokenHash.Of(parse.GetValue(token)!)), ("RevokedAt", record.RevokedAt),
                ("AccessKeyId", record.AccessKeyId), ("ParentAccessKeyId", record.ParentAccessKeyId), ("AccountId", record.AccountId),
                ("RequestId", record.RequestId), ("ClientAddress", record.ClientAddress), ("ExpiresAt", record.ExpiresAt),
                ("ExpiryKnown", record.ExpiryKnown));
        });
        return new Command("revocation", "Revocation records.") { show };
    }
}
