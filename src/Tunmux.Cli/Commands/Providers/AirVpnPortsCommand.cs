using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Providers.AirVpn.Web;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`airvpn ports list|add|remove|set|info|check` and `airvpn sessions`, through airvpn.org.</summary>
public static class AirVpnPortsCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("ports", "Forwarded ports: list, add, remove, set protocol/local port/DDNS, show sessions, check reachability.");
        var account = AirVpnCommand.AccountOption();

        var list = new Command("list", "List forwarded ports.") { account };
        list.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var ports = await pages.PortsAsync(token);
            var table = new Table().AddColumns("PORT", "PROTOCOL", "LOCAL", "DEVICE", "ENABLED", "DDNS");
            foreach (var port in ports)
            {
                table.AddRow(
                    $"{port.Port}", SafeText.Markup(port.Protocol), port.LocalPort > 0 ? $"{port.LocalPort}" : "-", SafeText.Markup(port.Device),
                    port.Enabled ? "yes" : "no", port.Ddns.Length > 0 ? SafeText.Markup($"{port.Ddns}.airdns.org") : "-");
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{ports.Count} port(s) forwarded");
            return ExitCodes.Success;
        }, token));

        var addPort = PortArgument();
        var (addProtocol, addLocal, addDdns) = (ProtocolOption(), LocalOption(), DdnsOption());
        var add = new Command("add", "Forward a port (0: let AirVPN pick one).") { account, addPort, addProtocol, addLocal, addDdns };
        add.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var given = await pages.AddPortAsync(parse.GetValue(addPort), token);
            await ApplySettingsAsync(pages, given, parse.GetValue(addProtocol), parse.GetValue(addLocal), parse.GetValue(addDdns), token);
            context.Out.WriteLine($"Port {given} ({parse.GetValue(addProtocol) ?? "both"}) forwarded.");
            return ExitCodes.Success;
        }, token));

        var removePort = PortArgument();
        var remove = new Command("remove", "Stop forwarding a port.") { account, removePort };
        remove.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            await pages.RemovePortAsync(parse.GetValue(removePort), token);
            context.Out.WriteLine($"Port {parse.GetValue(removePort)} removed.");
            return ExitCodes.Success;
        }, token));

        var setPort = PortArgument();
        var (setProtocol, setLocal, setDdns) = (ProtocolOption(), LocalOption(), DdnsOption());
        var set = new Command("set", "Change a forwarded port's protocol, local port or DDNS name.") { account, setPort, setProtocol, setLocal, setDdns };
        set.SetAction((parse, token) =>
        {
            if (parse.GetValue(setProtocol) is null && parse.GetValue(setLocal) is null && parse.GetValue(setDdns) is null)
            {
                return Task.FromResult(AirVpnMullvadShortcuts.Fail(context, "nothing to change: give --protocol, --local or --ddns", ExitCodes.InvalidInput));
            }

            return AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
            {
                await ApplySettingsAsync(pages, parse.GetValue(setPort), parse.GetValue(setProtocol), parse.GetValue(setLocal), parse.GetValue(setDdns), token);
                context.Out.WriteLine($"Port {parse.GetValue(setPort)} updated.");
                return ExitCodes.Success;
            }, token);
        });

        var infoPort = PortArgument();
        var info = new Command("info", "Show the connections that use a forwarded port.") { account, infoPort };
        info.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var sessions = await pages.PortSessionsAsync(parse.GetValue(infoPort), token);
            var table = new Table().AddColumns("SERVER", "PROTOCOL", "LAYER", "SERVER IP", "CLIENT IP", "DEVICE");
            foreach (var s in sessions)
            {
                table.AddRow(SafeText.Markup(s.ServerName), SafeText.Markup(s.Protocol.ToUpperInvariant()), SafeText.Markup(s.IpLayer), SafeText.Markup(s.ServerIp), SafeText.Markup(s.ClientIp), SafeText.Markup(s.DeviceName));
            }

            context.Out.Write(table);
            context.Out.WriteLine($"{sessions.Count} session(s)");
            return ExitCodes.Success;
        }, token));

        var checkPort = PortArgument();
        var check = new Command("check", "Ask AirVPN to test whether the port is reachable on each server it is used on.") { account, checkPort };
        check.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var port = parse.GetValue(checkPort);
            var sessions = await pages.PortSessionsAsync(port, token);
            if (sessions.Count == 0)
            {
                context.Out.WriteLine($"No connection uses port {port}: connect first, then check.");
                return ExitCodes.Success;
            }

            foreach (var session in sessions.DistinctBy(s => (s.ServerIp, s.Protocol)))
            {
                var verdict = await pages.TestPortAsync(session, port, token);
                context.Out.WriteLine($"{session.ServerName} {session.Protocol.ToUpperInvariant()} {session.IpLayer} ({session.ServerIp}): {verdict}");
            }

            return ExitCodes.Success;
        }, token));

        foreach (var sub in new[] { list, add, remove, set, info, check })
        {
            command.Subcommands.Add(sub);
        }

        return command;
    }

    public static Command BuildSessions(CliContext context, AirVpnMullvadIo io)
    {
        var account = AirVpnCommand.AccountOption();
        var command = new Command("sessions", "Show the account's active VPN sessions with traffic.") { account };
        command.SetAction((parse, token) => AirVpnCliSupport.WebAsync(parse, context, parse.GetValue(account), async (_, _, pages) =>
        {
            var (sessions, message) = await pages.VpnSessionsAsync(token);
            var table = new Table().AddColumns("DEVICE", "SERVER", "UP", "RX", "TX", "EXIT IPV4", "VPN IPV4");
            foreach (var s in sessions)
            {
                table.AddRow(
                    SafeText.Markup(s.DeviceName), SafeText.Markup(s.Server), Formats.Age(s.ConnectedSince, io.Time.GetUtcNow()),
                    Formats.Bytes(s.BytesRead), Formats.Bytes(s.BytesWritten), SafeText.Markup(s.ExitIpv4), SafeText.Markup(s.VpnIpv4));
            }

            context.Out.Write(table);
            if (message.Length > 0)
            {
                context.Out.WriteLine(message);
            }

            return ExitCodes.Success;
        }, token));
        return command;
    }

    private static async Task ApplySettingsAsync(AirVpnAccountPages pages, int port, string? protocol, int? local, string? ddns, CancellationToken cancellationToken)
    {
        if (protocol is not null and not "both")
        {
            await pages.SetPortProtocolAsync(port, protocol, cancellationToken);
        }

        if (local is { } localPort)
        {
            await pages.SetPortLocalAsync(port, localPort, cancellationToken);
        }

        if (ddns is not null)
        {
            await pages.SetPortDdnsAsync(port, ddns, cancellationToken);
        }
    }

    private static Argument<int> PortArgument() => new("port") { Description = "The forwarded port." };

    private static Option<string?> ProtocolOption()
    {
        var option = new Option<string?>("--protocol") { Description = "tcp, udp or both." };
        option.AcceptOnlyFromAmong("tcp", "udp", "both");
        return option;
    }

    private static Option<int?> LocalOption() => new("--local") { Description = "Deliver to this local port instead of the same one." };

    private static Option<string?> DdnsOption() => new("--ddns") { Description = "A name under airdns.org (the part before .airdns.org)." };
}
