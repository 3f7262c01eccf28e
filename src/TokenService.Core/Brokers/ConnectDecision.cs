namespace TokenService.Brokers;

/// <summary>
/// The answer to a CONNECT: allowed with the session stored, or denied with a reason for the log
/// (never the token or the password; brokers get only allow or deny).
/// </summary>
public sealed record ConnectDecision(BrokerSession? Session, string Reason)
{
    public bool Allowed => Session is not null;

    public static ConnectDecision Allow(BrokerSession session) => new(session, "");

    public static ConnectDecision Deny(string reason) => new(null, reason);
}
