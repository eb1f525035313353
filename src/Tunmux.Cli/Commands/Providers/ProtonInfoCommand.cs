using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`proton info`: the stored login, its plan, public key and certificate; never a secret.</summary>
public static class ProtonInfoCommand
{
    public static Command Build(CliContext context, ProtonIo io)
    {
        var account = ProtonCliSupport.AccountOption();
        var command = new Command("info", "Show the stored Proton login: plan, WireGuard public key, certificate validity.") { account };
        command.SetAction(parse =>
        {
            using var handle = ProtonCliSupport.Open(parse, context, parse.GetValue(account));
            if (handle is null)
            {
                return ExitCodes.InvalidInput;
            }

            var session = handle.Session;
            var now = io.Time.GetUtcNow();
            var certificate = session.CertificateExpires <= now
                ? $"expired {Formats.Age(session.CertificateExpires, now)} ago (renewed on the next connect or apply)"
                : $"valid until {session.CertificateExpires:yyyy-MM-dd HH:mm} UTC";
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Account", SafeText.Markup(session.Username));
            grid.AddRow("Plan", SafeText.Markup(ProtonLoginCommand.PlanOf(session)));
            grid.AddRow("VPN user", SafeText.Markup(session.VpnUsername));
            grid.AddRow("WireGuard key", SafeText.Markup(session.WireGuardPublicKey));
            grid.AddRow("Fingerprint", SafeText.Markup(session.Fingerprint));
            grid.AddRow("Certificate", SafeText.Markup(certificate + (session.CertificatePortForwarding ? ", port forwarding" : "")));
            grid.AddRow("Logged in", $"{session.LoggedInAt:yyyy-MM-dd HH:mm} UTC");
            grid.AddRow("Stored in", SafeText.Markup(ProtonCliSupport.Store(context).SessionPath(session.Username)));
            context.Out.Write(grid);
            return ExitCodes.Success;
        });
        return command;
    }
}
