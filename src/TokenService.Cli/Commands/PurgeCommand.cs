using System.CommandLine;
using TokenService.Brokers;
using TokenService.Ledger;

namespace TokenService.Cli.Commands;

public static class PurgeCommand
{
    public static Command Purge()
    {
        var purge = new Command("purge", "Delete expired revocation records, nonces and broker sessions (what the PurgeExpired timer does).");
        purge.SetHandler(async (_, services, output, ct) =>
        {
            var report = await services.Get<ExpiryPurger>().PurgeAsync(new Progress<string>(output.Progress), ct);
            var sessions = await services.Get<SessionPurger>().PurgeAsync(ct);
            return output.Success(
                $"removed {report.Revocations} expired revocation records, {report.Nonces} nonces and {sessions} sessions ({report.Accounts} accounts checked)",
                ("Accounts", report.Accounts), ("Revocations", report.Revocations), ("Nonces", report.Nonces), ("IndexEntries", report.IndexEntries),
                ("Sessions", sessions));
        });
        return purge;
    }
}
