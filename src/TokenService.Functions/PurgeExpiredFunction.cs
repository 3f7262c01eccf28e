using Microsoft.Azure.Functions.Worker;
using TokenService.Ledger;

namespace TokenService.Functions;

/// <summary>
/// Every ten minutes, the same purge as <c>tokenctl purge</c>: expired nonces and revocation
/// records, found by range queries over their expiry keys. The host's timer holds a singleton
/// lock, so one instance of a scaled-out app runs it at a time.
/// </summary>
public sealed class PurgeExpiredFunction(ExpiryPurger purger, ILogger<PurgeExpiredFunction> logger)
{
    public const string Name = "PurgeExpired";
    public const string Schedule = "0 */10 * * * *";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await purger.PurgeAsync(cancellationToken: cancellationToken);
        logger.LogInformation(
            "Purged {Nonces} nonces and {Revocations} revocations in {Accounts} accounts (past due: {PastDue})",
            report.Nonces, report.Revocations, report.Accounts, timer.IsPastDue);
    }
}
