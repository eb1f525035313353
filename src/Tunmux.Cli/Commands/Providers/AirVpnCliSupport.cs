using System.CommandLine;
using Tunmux.Cli.Hosting;
using Tunmux.Providers.Accounts;
using Tunmux.Providers.AirVpn;
using Tunmux.Providers.AirVpn.Web;
using Tunmux.Providers.Latency;
using Tunmux.Providers.Storage;
using Tunmux.Runtime.Settings;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>How the airvpn commands find logins and reach AirVPN (flags, then environment, then built-ins).</summary>
public static class AirVpnCliSupport
{
    public const string Provider = "airvpn";

    // One client for the process: AirVPN calls are few, and sockets are reused.
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = Tunmux.Providers.Http.ResponseLimits.MaxResponseBytes };

    public static readonly Option<string?> ApiUrl = new("--api-url")
    {
        Description = "Comma-separated bootstrap URLs that replace AirVPN's built-in list (or TUNMUX_AIRVPN_API_URL).",
        Recursive = true,
    };

    public static readonly Option<string?> WebUrl = new("--web-url")
    {
        Description = "Base URL of airvpn.org for account pages and the config generator (or TUNMUX_AIRVPN_WEB_URL).",
        Recursive = true,
    };

    public static HttpClient SharedHttp => Http;

    /// <summary>
    /// Runs account-page work for the stored login with its saved web session; site errors are
    /// printed and turned into an exit code.
    /// </summary>
    public static async Task<int> WebAsync(
        ParseResult parse, CliContext context, string? account, Func<AirVpnStore, AirVpnSession, AirVpnAccountPages, Task<int>> work, CancellationToken cancellationToken)
    {
        if (Open(parse, context, account) is not var (store, session))
        {
            return ExitCodes.Failed;
        }

        try
        {
            return await AirVpnWebSession.UseAsync(store, session, AirVpnSettings.Web(parse.GetValue(WebUrl), context.Environment), pages => work(store, session, pages), cancellationToken);
        }
        catch (AirVpnWebException exception)
        {
            return AirVpnMullvadShortcuts.Fail(context, exception.Message);
        }
        catch (AirVpnApiException exception)
        {
            return Report(context, exception);
        }
    }

    /// <summary>The user's folder first, then the daemon's state folder.</summary>
    public static AccountDirectories Accounts(TunmuxPaths paths, Func<string, string?> environment) =>
        new([ProviderDirectories.ForUser(Provider, environment), ProviderDirectories.ForDaemon(paths.StateDir, Provider)]);

    public static AccountDirectories Accounts(ParseResult parse, CliContext context) =>
        Accounts(GlobalOptions.Paths(parse, context), context.Environment);

    public static AirVpnBootstrapClient Client(string? apiUrl, Func<string, string?> environment) =>
        new(Http, AirVpnSettings.Provider(apiUrl, environment));

    public static AirVpnBootstrapClient Client(ParseResult parse, CliContext context) => Client(parse.GetValue(ApiUrl), context.Environment);

    /// <summary>The resolver for `provider: airvpn` tunnels, as apply, status and the daemon use it.</summary>
    public static AirVpnTunnelSource TunnelSource(TunmuxPaths paths, Func<string, string?> environment, ILatencyProbe? latency = null, TimeProvider? time = null) =>
        new(new AirVpnSourceOptions
        {
            Accounts = Accounts(paths, environment),
            Secrets = Secrets(environment),
            CredentialsRoot = ProviderDirectories.ForDaemon(paths.StateDir, Provider),
            Client = () => Client(null, environment),
            Latency = latency ?? new PingLatencyProbe(),
            Time = time ?? TimeProvider.System,
        });

    /// <summary>config.toml's credential_store for AirVPN logins: the keyring's slots, or null for files.</summary>
    public static Core.Secrets.ISecretSlots? Secrets(Func<string, string?> environment) => CredentialStores.For(environment, Provider);

    /// <summary>The stored login named by --account (or the default); null after saying how to log in.</summary>
    public static (AirVpnStore Store, AirVpnSession Session)? Open(ParseResult parse, CliContext context, string? account)
    {
        var secrets = Secrets(context.Environment);
        var directory = Accounts(parse, context).Find(account, AirVpnStore.SessionMarker(secrets));
        return AirVpnMullvadShortcuts.OpenLogin<AirVpnStore, AirVpnSession>(
            context, directory, d => new AirVpnStore(d, secrets), s => s.LoadSession(),
            account is null ? "no AirVPN login is stored; run `tunmux airvpn login USER` first" : $"no AirVPN login \"{account}\" is stored; run `tunmux airvpn login {account}` first");
    }

    /// <summary>An AirVPN failure as a person should read it, and its exit code.</summary>
    public static int Report(CliContext context, AirVpnApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var hint = exception.Failure switch
        {
            AirVpnFailure.Refused => " (check the user name and password)",
            AirVpnFailure.Unreachable => " (check the network, or --api-url / TUNMUX_AIRVPN_API_URL)",
            _ => "",
        };
        return AirVpnMullvadShortcuts.Fail(context, exception.Message + hint);
    }
}
