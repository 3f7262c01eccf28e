using System.CommandLine;
using TokenService.Accounts;

namespace TokenService.Cli.Commands;

public static class KeyCommands
{
    public static Command Key()
    {
        return new Command("key", "Manage AccessKeys.") { Create(), Show(), SetEnabled("disable", false), SetEnabled("enable", true), Reencrypt() };
    }

    private static Command Create()
    {
        var account = new Option<string>("--account") { Description = "The account the key belongs to.", Required = true };
        var actions = new Option<string?>("--actions") { Description = "Allowed actions, e.g. mq:RevokeToken,mq:QueryToken (default mq:*)." };
        var instances = new Option<string?>("--instances") { Description = "Allowed instances, comma-separated (default *: all of the account's)." };
        var create = new Command("create", "Create an AccessKey; the secret is printed once and stored only encrypted.") { account, actions, instances };
        create.SetHandler(async (parse, services, output, ct) =>
        {
            var result = await services.Get<AccountAdministration>().CreateKeyAsync(
                parse.GetValue(account)!, parse.GetValue(actions), parse.GetValue(instances), ct);
            if (!result.Ok)
            {
                return output.Failure(result.Error!);
            }

            var (id, secret) = result.Value;
            return output.Success(
                $"AccessKeyId:     {id}\nAccessKeySecret: {secret}\n(the secret is shown only now)",
                ("AccessKeyId", id), ("AccessKeySecret", secret));
        });
        return create;
    }

    private static Command Show()
    {
        var id = new Argument<string>("AKID") { Description = "The AccessKeyId." };
        var show = new Command("show", "Show a key's account, policy and state (never its secret).") { id };
        show.SetHandler(async (parse, services, output, ct) =>
        {
            var key = await services.Get<AccountAdministration>().FindKeyAsync(parse.GetValue(id)!, ct);
            return key is null
                ? output.Failure($"AccessKey '{parse.GetValue(id)}' does not exist.")
                : output.Success(
                    $"{key.AccessKeyId}: account {key.AccountId}, actions {key.Actions}, instances {key.Instances}, {(key.Enabled ? "enabled" : "disabled")}",
                    ("AccessKeyId", key.AccessKeyId), ("AccountId", key.AccountId), ("Actions", key.Actions),
                    ("Instances", key.Instances), ("Enabled", key.Enabled), ("CreatedAt", key.CreatedAt));
        });
        return show;
    }

    private static Command SetEnabled(string verb, bool enabled)
    {
        var id = new Argument<string>("AKID") { Description = "The AccessKeyId." };
        var command = new Command(verb, enabled ? "Enable an AccessKey." : "Disable an AccessKey (effective within the directory cache bound).") { id };
        command.SetHandler(async (parse, services, output, ct) =>
        {
            var result = await services.Get<AccountAdministration>().SetKeyEnabledAsync(parse.GetValue(id)!, enabled, ct);
            return result.Ok
                ? output.Success($"key {result.Value} {verb}d", ("AccessKeyId", result.Value), ("Enabled", enabled))
                : output.Failure(result.Error!);
        });
        return command;
    }

    private static Command Reencrypt()
    {
        var command = new Command("reencrypt", "Re-encrypt every AccessKey secret under Secrets__CurrentKeyId (key rotation).");
        command.SetHandler(async (_, services, output, ct) =>
        {
            var (done, failed) = await services.Get<AccountAdministration>().ReencryptSecretsAsync(
                new Progress<string>(output.Progress), ct);
            var text = $"{done} secrets re-encrypted, {failed} failed";
            return failed == 0
                ? output.Success(text, ("Reencrypted", done), ("Failed", failed))
                : output.Failure(text);
        });
        return command;
    }
}
