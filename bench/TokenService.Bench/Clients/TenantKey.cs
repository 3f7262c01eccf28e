namespace TokenService.Bench.Clients;

/// <summary>One seeded tenant: an account with one instance and one AccessKey allowed every action.</summary>
internal sealed record TenantKey(string AccountId, string InstanceId, string AccessKeyId, string Secret);
