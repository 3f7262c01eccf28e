using Microsoft.Azure.Functions.Worker;
using TokenService.Brokers;
using TokenService.Ledger;

namespace TokenService.Functions;

/// <summary>
/// Every ten minutes, the same purge as <c>tokenctl purge</c>: expired nonces and revocation
/// records, then expired broker sessions, found by range queries over their expiry keys. The host's timer holds a singleton
/// lock, so one instance of a scaled-out app runs it at a time.
/// </summary>
public sealed class PurgeExpiredFunction(ExpiryPurger purger, SessionPurger sessions, ILogger<PurgeExpiredFunction> logger)
{
    public const string Name = "PurgeExpired";
    public const string Schedule = "0 */10 * * * *";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await purger.PurgeAsync(cancellationToken: cancellationToken);
        var removedSessions = await sessions.PurgeAsync(cancellationToken);
        logger.LogInformation(
            "Purged {Nonces} nonces and {Revocations} revocations in {Accounts} accounts, and {Sessions} sessions (past due: {PastDue})",
            report.Nonces, report.Revocations, report.Accounts, removedSessions, timer.IsPastDue);
    }
}
