namespace TokenService.Brokers;

/// <summary>One rule of the <c>acl</c> list EMQX 5.8+ takes from an authentication answer.</summary>
public sealed record EmqxAclRule(string Permission, string Action, string Topic);
