using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Files;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.AirVpn.Web;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// `airvpn generate`: WireGuard or OpenVPN configs from AirVPN's generator, one file for one
/// server or a zip archive for several. They hold the device's private key, so they are only
/// written to files (mode 0600), never to the terminal.
/// </summary>
public static class AirVpnGenerateCommand
{
    public static Command Build(CliContext context)
    {
        var account = AirVpnCommand.AccountOption();
        var servers = new Option<string[]>("--server", "-s") { Description = "Server, country code or group, repeatable (e.g. -s nl -s Castor).", Required = true, AllowMultipleArgumentsPerToken = false };
        var protocol = new Option<string>("--protocol", "-p") { Description = "wg-PORT, openvpn-udp-PORT, openvpn-tcp-PORT or AirVPN's id.", DefaultValueFactory = _ => "wg-1637" };
        var key = new Option<string?>("--key") { Description = "Device whose key the config uses (default: the login's default device)." };
        var entry = new Option<string>("--entry") { Description = "IP layer to reach the server: ipv4 or ipv6.", DefaultValueFactory = _ => "ipv4" };
        entry.AcceptOnlyFromAmong("ipv4", "ipv6");
        var exit = new Option<string>("--exit") { Description = "IP layer inside the tunnel: ipv4, ipv6 or both.", DefaultValueFactory = _ => "ipv4" };
        exit.AcceptOnlyFromAmong("ipv4", "ipv6", "both");
        var mtu = new Option<int>("--mtu") { Description = "WireGuard MTU.", DefaultValueFactory = _ => AirVpnWireGuard.Mtu };
        var keepalive = new Option<int>("--keepalive") { Description = "WireGuard persistent keepalive, seconds.", DefaultValueFactory = _ => AirVpnWireGuard.PersistentKeepalive };
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: SERVER.conf, or airvpn.zip for several servers)." }.AsPath();
        var command = new Command("generate", "Write WireGuard or OpenVPN config files made by AirVPN's generator.")
        {
            account, servers, protocol, key, entry, exit, mtu, keepalive, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (AirVpnCliSupport.Open(parse, context, parse.GetValue(account)) is not var (store, session))
            {
                return ExitCodes.Failed;
            }

            var names = parse.GetValue(servers)!;
            var device = parse.GetValue(key) is { } requested ? AirVpnDevices.Find(session.User, requested) : AirVpnDevices.Find(session.User, session.DefaultDevice);
            if (device is null)
            {
                return AirVpnMullvadShortcuts.Fail(context, $"no such device; devices: {AirVpnDevices.NamesOf(session.User)}", ExitCodes.InvalidInput);
            }

            var path = parse.GetValue(output) ?? WorkingDirectory.FromCommandLine(names.Length == 1 ? $"{names[0]}.conf" : "airvpn.zip");
            try
            {
                var site = AirVpnSettings.Web(parse.GetValue(AirVpnCliSupport.WebUrl), context.Environment);
                var (apiKey, _) = await AirVpnWebSession.ApiKeyAsync(store, session, site, cancellationToken);
                var generated = await new AirVpnGenerator(AirVpnCliSupport.SharedHttp, site, apiKey).GenerateAsync(
                    names, AirVpnGenerator.ProtocolId(parse.GetValue(protocol)!), device.Name, parse.GetValue(entry)!, parse.GetValue(exit)!,
                    parse.GetValue(mtu), parse.GetValue(keepalive), cancellationToken);
                if (generated.IsZip)
                {
                    await WritePrivateAsync(path, generated.Content, cancellationToken);
                }
                else
                {
                    StateFile.WriteText(path, System.Text.Encoding.UTF8.GetString(generated.Content));
                }

                context.Out.WriteLine($"Wrote {path} ({generated.Content.Length} bytes, mode 0600: it holds the device's private key).");
                return ExitCodes.Success;
            }
            catch (AirVpnWebException exception)
            {
                return AirVpnMullvadShortcuts.Fail(context, exception.Message);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return AirVpnMullvadShortcuts.Fail(context, $"cannot write {path}: {exception.Message}");
            }
        });
        return command;
    }

    private static async Task WritePrivateAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(content, cancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
