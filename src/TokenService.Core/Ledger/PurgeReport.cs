namespace TokenService.Ledger;

/// <summary>What a purge removed.</summary>
public sealed record PurgeReport(int Accounts, int Nonces, int Revocations, int IndexEntries);
