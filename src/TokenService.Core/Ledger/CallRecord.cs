namespace TokenService.Ledger;

/// <summary>Who made an authorized call and under which nonce: what the ledger records for it.</summary>
internal sealed record CallRecord(
    string AccountId,
    string Action,
    string InstanceId,
    string RequestId,
    string AccessKeyId,
    string Nonce,
    string? ClientAddress)
{
    public string? ParentAccessKeyId { get; init; }
}
