using System.CommandLine;
using TokenService.Accounts;

namespace TokenService.Cli.Commands;

public static class StsCommands
{
    public static Command Sts()
    {
        var key = new Option<string>("--key") { Description = "The long-term AccessKeyId the credential derives from.", Required = true };
        var seconds = new Option<int>("--seconds") { Description = "Lifetime in seconds, 1 to 43200.", Required = true };
        var actions = new Option<string?>("--actions") { Description = "Narrow the parent's actions, e.g. mq:QueryToken." };
        var instances = new Option<string?>("--instances") { Description = "Narrow the parent's instances." };
        var issue = new Command("issue", "Issue STS temporary credentials (never more rights than the parent key).") { key, seconds, actions, instances };
        issue.SetHandler(async (parse, services, output, ct) =>
        {
            var lifetime = parse.GetValue(seconds);
            if (lifetime is < 1 or > StsIssuer.MaxSeconds)
            {
                return output.Failure($"--seconds must be from 1 to {StsIssuer.MaxSeconds}.");
            }

            var narrowing = AccessPolicy.Parse(parse.GetValue(actions), parse.GetValue(instances), out var policyError);
            if (policyError is not null)
            {
                return output.Failure(policyError);
            }

            var parent = await services.Get<AccountDirectory>().FindKeyAsync(parse.GetValue(key)!, ct);
            if (parent is null)
            {
                return output.Failure($"AccessKey '{parse.GetValue(key)}' does not exist.");
            }

            if (!parent.Enabled)
            {
                return output.Failure($"AccessKey '{parent.AccessKeyId}' is disabled.");
            }

            var expiration = services.Get<TimeProvider>().GetUtcNow().AddSeconds(lifetime);
            var (credential, securityToken) = services.Get<StsIssuer>().Issue(parent.AccessKeyId, parent.AccountId, expiration, narrowing);
            return output.Success(
                $"AccessKeyId:     {credential.AccessKeyId}\nAccessKeySecret: {credential.Secret}\nSecurityToken:   {securityToken}\nExpiration:      {Signatures.Timestamps.Format(expiration)}",
                ("AccessKeyId", credential.AccessKeyId), ("AccessKeySecret", credential.Secret),
                ("SecurityToken", securityToken), ("Expiration", expiration));
        });
        return new Command("sts", "Temporary credentials.") { issue };
    }
}
