using System.CommandLine;
using TokenService.Cli.Commands;

var root = new RootCommand("tokenctl: operate the MQTT token service's accounts, instances, keys and records.")
{
    CommandContext.Json,
    AccountCommands.Account(),
    AccountCommands.Instance(),
    KeyCommands.Key(),
    StsCommands.Sts(),
    UsageCommands.Usage(),
    UsageCommands.Revocation(),
    PurgeCommand.Purge(),
};

return await root.Parse(args).InvokeAsync();
