using System.CommandLine;
using TokenService.Ledger;

namespace TokenService.Cli.Commands;

public static class PurgeCommand
{
    public static Command Purge()
    {
        var purge = new Command("purge", "Delete expired revocation records and nonces (what the PurgeExpired timer does).");
        purge.SetHandler(async (_, services, output, ct) =>
        {
            var report = await services.Get<ExpiryPurger>().PurgeAsync(new Progress<string>(output.Progress), ct);
            return output.Success(
                $"removed {report.Revocations} expired revocation records and {report.Nonces} nonces ({report.Accounts} accounts checked)",
                ("Accounts", report.Accounts), ("Revocations", report.Revocations), ("Nonces", report.Nonces), ("IndexEntries", report.IndexEntries));
        });
        return purge;
    }
}
