namespace TokenService.Ledger;

/// <summary>How <see cref="CommitFence"/> settled a call answered with an error while its commit was unknown.</summary>
internal enum FenceOutcome
{
    /// <summary>Nothing had landed; the fence row now keeps any transaction of the call from landing.</summary>
    Fenced,

    /// <summary>The commit had landed after the answer: its usage slot and records were removed, the nonce stays used.</summary>
    Withdrawn,

    /// <summary>An earlier attempt of the fence had settled it already.</summary>
    AlreadySettled,

    /// <summary>Another call holds the nonce (a replay of the same request): no transaction of this call can land.</summary>
    NonceOfAnotherCall,
}
