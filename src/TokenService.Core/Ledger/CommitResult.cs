namespace TokenService.Ledger;

internal enum CommitStatus
{
    /// <summary>Admitted, metered and every write stored, atomically.</summary>
    Committed,

    /// <summary>The account's limit for this second is used up; nothing was written.</summary>
    Throttled,

    /// <summary>The nonce was already used by this AccessKey; nothing was written.</summary>
    NonceUsed,
}

internal sealed record CommitResult(CommitStatus Status, TimeSpan RetryAfter = default)
{
    public static readonly CommitResult Committed = new(CommitStatus.Committed);
    public static readonly CommitResult NonceUsed = new(CommitStatus.NonceUsed);
}
