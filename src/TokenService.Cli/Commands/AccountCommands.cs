using System.CommandLine;
using TokenService.Accounts;

namespace TokenService.Cli.Commands;

public static class AccountCommands
{
    public static Command Account()
    {
        var id = new Argument<string>("ID") { Description = "Account id: 1 to 64 of A-Z a-z 0-9 - _." };
        var create = new Command("create", "Create an account.") { id };
        create.SetHandler(async (parse, services, output, ct) =>
        {
            var result = await services.Get<AccountAdministration>().CreateAccountAsync(parse.GetValue(id)!, ct);
            return result.Ok
                ? output.Success($"account {result.Value} created", ("AccountId", result.Value))
                : output.Failure(result.Error!);
        });
        return new Command("account", "Manage accounts.") { create };
    }

    public static Command Instance()
    {
        var account = new Option<string>("--account") { Description = "The owning account.", Required = true };
        var id = new Argument<string>("INSTANCE") { Description = "Instance id, e.g. mqtt-cn-0pp12gl0a01." };
        var create = new Command("create", "Create an MQTT instance owned by an account.") { account, id };
        create.SetHandler(async (parse, services, output, ct) =>
        {
            var result = await services.Get<AccountAdministration>().CreateInstanceAsync(parse.GetValue(account)!, parse.GetValue(id)!, ct);
            return result.Ok
                ? output.Success($"instance {result.Value} created for account {parse.GetValue(account)}",
                    ("InstanceId", result.Value), ("AccountId", parse.GetValue(account)))
                : output.Failure(result.Error!);
        });
        return new Command("instance", "Manage instances.") { create };
    }
}
