using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`airvpn api list|add|rename|delete`: REST API keys. Secrets are shown shortened, as airvpn.org shows them.</summary>
public static class AirVpnApiKeysCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("api", "List, add, rename and delete the account's REST API keys.");
        var account = AirVpnCommand.AccountOption();

        var list = new Command("list", "List API keys (secrets shortened).") { account };
        list.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var keys = await pages.ApiKeysAsync(token);
            var table = new Table().AddColumns("NAME", "CREATED", "SECRET");
            foreach (var key in keys)
            {
                table.AddRow(SafeText.Markup(key.Name), key.Created?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-", SafeText.Markup(key.SecretShort));
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{keys.Count} key(s)");
            return ExitCodes.Success;
        }, token));

        var name = new Option<string?>("--name") { Description = "Name of the new key." };
        var add = new Command("add", "Create an API key (its full secret is shown on airvpn.org, never here).") { account, name };
        add.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var key = await pages.AddApiKeyAsync(parse.GetValue(name), token);
            context.Out.WriteLine($"API key \"{key.Name}\" created ({key.SecretShort}).");
            return ExitCodes.Success;
        }, token));

        var oldName = new Argument<string>("key") { Description = "The key's current name." };
        var newName = new Argument<string>("new-name") { Description = "Its new name." };
        var rename = new Command("rename", "Rename an API key.") { account, oldName, newName };
        rename.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            await pages.RenameApiKeyAsync(parse.GetValue(oldName)!, parse.GetValue(newName)!, token);
            context.Out.WriteLine($"API key \"{parse.GetValue(oldName)}\" renamed to \"{parse.GetValue(newName)}\".");
            return ExitCodes.Success;
        }, token));

        var target = new Argument<string>("key") { Description = "The key to delete." };
        var delete = new Command("delete", "Delete an API key.") { account, target };
        delete.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (store, session, pages) =>
        {
            var doomed = (await pages.ApiKeysAsync(token)).FirstOrDefault(k => string.Equals(k.Name, parse.GetValue(target), StringComparison.OrdinalIgnoreCase));
            await pages.DeleteApiKeyAsync(parse.GetValue(target)!, token);
            if (doomed is not null && session.ApiKey is { } stored && stored.Equals(doomed.Secret))
            {
                store.SaveSession(session with { ApiKey = null });
            }

            context.Out.WriteLine($"API key \"{parse.GetValue(target)}\" deleted.");
            return ExitCodes.Success;
        }, token));

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(rename);
        command.Subcommands.Add(delete);
        return command;
    }
}
