using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Providers.AirVpn;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`airvpn devices list|add|rename|delete`: the account's devices (WireGuard keys), through airvpn.org.</summary>
public static class AirVpnDevicesCommand
{
    public static Command Build(CliContext context, AirVpnMullvadIo io)
    {
        var command = new Command("devices", "List, add, rename and delete the account's devices (WireGuard keys).");
        var account = AirVpnCommand.AccountOption();

        var list = new Command("list", "List devices with their addresses and public keys.") { account };
        list.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var devices = await pages.DevicesAsync(token);
            var table = new Table().AddColumns("NAME", "IPV4", "IPV6", "PUBLIC KEY");
            foreach (var device in devices)
            {
                table.AddRow(SafeText.Markup(device.Name), SafeText.Markup(device.Ipv4), SafeText.Markup(device.Ipv6), SafeText.Markup(device.PublicKey));
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{devices.Count} device(s)");
            return ExitCodes.Success;
        }, token));

        var name = new Option<string?>("--name") { Description = "Name of the new device (default: AirVPN's \"New device\")." };
        var add = new Command("add", "Add a device; AirVPN makes its WireGuard key.") { account, name };
        add.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (store, session, pages) =>
        {
            var device = await pages.AddDeviceAsync(parse.GetValue(name), token);
            context.Out.WriteLine($"Device \"{device.Name}\" added.");
            return await RefreshAsync(parse, context, io, store, session, token);
        }, token));

        var oldName = new Argument<string>("device") { Description = "The device's current name." };
        var newName = new Argument<string>("new-name") { Description = "Its new name." };
        var rename = new Command("rename", "Rename a device.") { account, oldName, newName };
        rename.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (store, session, pages) =>
        {
            await pages.RenameDeviceAsync(parse.GetValue(oldName)!, parse.GetValue(newName)!, token);
            context.Out.WriteLine($"Device \"{parse.GetValue(oldName)}\" renamed to \"{parse.GetValue(newName)}\".");
            return await RefreshAsync(parse, context, io, store, session, token);
        }, token));

        var target = new Argument<string>("device") { Description = "The device to delete." };
        var delete = new Command("delete", "Delete a device; tunnels using it stop resolving.") { account, target };
        delete.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (store, session, pages) =>
        {
            await pages.DeleteDeviceAsync(parse.GetValue(target)!, token);
            context.Out.WriteLine($"Device \"{parse.GetValue(target)}\" deleted.");
            return await RefreshAsync(parse, context, io, store, session, token);
        }, token));

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(rename);
        command.Subcommands.Add(delete);
        return command;
    }

    /// <summary>Fetches the device keys again so tunnels and `info` see the change at once.</summary>
    private static async Task<int> RefreshAsync(ParseResult parse, CliContext context, AirVpnMullvadIo io, AirVpnStore store, AirVpnSession session, CancellationToken cancellationToken)
    {
        try
        {
            await AirVpnLogin.RefreshUserAsync(AirVpnCliSupport.Client(parse, context), session, store, io.Time, cancellationToken);
        }
        catch (AirVpnApiException exception)
        {
            context.Error.MarkupLine($"[orange1]warning[/] the stored device keys were not refreshed: {SafeText.Markup(exception.Message)}");
        }

        return ExitCodes.Success;
    }
}
