using System.CommandLine;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Linux.Keyring;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Sessions;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>`proton login` (SRP, then two-factor when the account has it) and `proton logout`.</summary>
public static class ProtonLoginCommand
{
    public static Command BuildLogin(CliContext context, ProtonIo io)
    {
        var username = new Argument<string>("username") { Description = "The Proton account (user name or address)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line); otherwise it is prompted for." };
        var twoFactor = new Option<string?>("--2fa") { Description = "The current two-factor (TOTP) code; prompted for when needed and not given." };
        var totpFile = new Option<string?>("--totp-secret-file") { Description = "A file holding the TOTP secret (base32 or otpauth:// URI), for hosts without a person." }.AsPath();
        var portForwarding = new Option<bool>("--port-forwarding") { Description = "Ask for a certificate that allows port forwarding." };
        var command = new Command("login", "Log in to Proton and store the session, key and certificate (mode 0600).")
        {
            username, passwordStdin, twoFactor, totpFile, portForwarding,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UserSettings.Read(context) is null)
            {
                return ExitCodes.InvalidInput;
            }

            var name = parse.GetValue(username)!;
            var password = AirVpnMullvadShortcuts.ReadSecret(context, io.Input, parse.GetValue(passwordStdin), "Password", "--password-stdin");
            if (password is null)
            {
                return ExitCodes.InvalidInput;
            }

            ITwoFactorSource second = parse.GetValue(twoFactor) is { } code ? new FixedTwoFactorCode(code)
                : parse.GetValue(totpFile) is { } file ? new TotpSecretFile(file, io.Time)
                : new PromptedTwoFactorCode(context.Error);
            var store = ProtonCliSupport.Store(context);
            using var client = new ProtonClient(ProtonCliSupport.ClientOptions(parse, context));
            try
            {
                var session = await new ProtonLogin(client, io.Time).LoginAsync(name, password, second, parse.GetValue(portForwarding), cancellationToken);
                try
                {
                    store.SaveSession(session, makeDefault: true);
                }
                catch (KeyringException exception)
                {
                    return AirVpnMullvadShortcuts.Fail(context, exception.Message);
                }

                context.Out.MarkupLine(
                    $"Logged in as [bold]{SafeText.Markup(session.Username)}[/] ({SafeText.Markup(PlanOf(session))}); "
                    + $"certificate valid until {session.CertificateExpires:yyyy-MM-dd HH:mm} UTC.");
                return ExitCodes.Success;
            }
            catch (ProtonException exception)
            {
                return ProtonCliSupport.Report(context, exception);
            }
        });
        return command;
    }

    public static Command BuildLogout(CliContext context)
    {
        var account = ProtonCliSupport.AccountOption();
        var command = new Command("logout", "End the Proton session on the server and delete it here.") { account };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var handle = ProtonCliSupport.Open(parse, context, parse.GetValue(account));
            if (handle is null)
            {
                return ExitCodes.InvalidInput;
            }

            var username = handle.Session.Username;
            try
            {
                await handle.Client.LogoutAsync(cancellationToken);
            }
            catch (ProtonException exception) when (exception.Problem is ProtonProblem.SessionExpired)
            {
                // Already over on the server: only the local copy is left to delete.
            }
            catch (ProtonException exception) when (exception.Problem is ProtonProblem.Unreachable or ProtonProblem.ServerError or ProtonProblem.Malformed)
            {
                ProtonCliSupport.Warn(context, $"{exception.Message}; the session could not be ended on the server and is deleted here only");
            }

            ProtonCliSupport.Store(context).DeleteSession(username);
            context.Out.MarkupLine($"Logged out [bold]{SafeText.Markup(username)}[/].");
            return ExitCodes.Success;
        });
        return command;
    }

    public static string PlanOf(ProtonSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var plan = session.PlanTitle.Length > 0 ? session.PlanTitle : session.PlanName;
        return $"{(plan.Length > 0 ? plan : "no plan")}, tier {session.MaxTier}";
    }

    /// <summary>Asks the person at the terminal for the code, only once the password was accepted.</summary>
    private sealed class PromptedTwoFactorCode(IAnsiConsole console) : ITwoFactorSource
    {
        public Task<string?> GetCodeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(console.Profile.Capabilities.Interactive
                ? console.Prompt(new TextPrompt<string>("Two-factor code:"))
                : null);
    }
}
