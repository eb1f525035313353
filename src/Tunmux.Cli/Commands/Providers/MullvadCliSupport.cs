using System.CommandLine;
using Tunmux.Cli.Hosting;
using Tunmux.Providers.Accounts;
using Tunmux.Providers.Http;
using Tunmux.Providers.Latency;
using Tunmux.Providers.Mullvad;
using Tunmux.Providers.Storage;
using Tunmux.Runtime.Settings;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>How the mullvad commands find logins and reach Mullvad's API (--api-url, then TUNMUX_MULLVAD_API_URL).</summary>
public static class MullvadCliSupport
{
    public const string Provider = "mullvad";
    public const string DefaultAccount = "default";

    public static readonly Option<string?> ApiUrl = new("--api-url")
    {
        Description = "Base URL of Mullvad's API (or TUNMUX_MULLVAD_API_URL; default https://api.mullvad.net).",
        Recursive = true,
    };

    public static Option<string?> AccountOption() => new("--account")
    {
        Description = "Name of the stored login (default: \"default\"); manifests refer to it as spec.account.name.",
    };

    public static AccountDirectories Accounts(TunmuxPaths paths, Func<string, string?> environment) =>
        new([ProviderDirectories.ForUser(Provider, environment), ProviderDirectories.ForDaemon(paths.StateDir, Provider)]);

    public static AccountDirectories Accounts(ParseResult parse, CliContext context) => Accounts(GlobalOptions.Paths(parse, context), context.Environment);

    public static MullvadApiClient Client(string? apiUrl, Func<string, string?> environment)
    {
        Uri baseUri;
        try
        {
            baseUri = ApiEndpoints.Mullvad(apiUrl, environment);
        }
        catch (UriFormatException exception)
        {
            throw new MullvadApiException("--api-url or TUNMUX_MULLVAD_API_URL is not a URL (expected https://HOST[:PORT])", MullvadFailure.Unreachable, inner: exception);
        }

        return new MullvadApiClient(new JsonHttpClient(baseUri, "the Mullvad API", new Dictionary<string, string> { ["User-Agent"] = "tunmux" }));
    }

    public static MullvadApiClient Client(ParseResult parse, CliContext context) => Client(parse.GetValue(ApiUrl), context.Environment);

    public static MullvadTunnelSource TunnelSource(TunmuxPaths paths, Func<string, string?> environment, ILatencyProbe? latency = null, TimeProvider? time = null)
    {
        // One HTTP client for the source's lifetime (the daemon resolves again and again).
        var client = new Lazy<MullvadApiClient>(() => Client(null, environment));
        return new(new MullvadSourceOptions
        {
            Accounts = Accounts(paths, environment),
            Secrets = Secrets(environment),
            CredentialsRoot = ProviderDirectories.ForDaemon(paths.StateDir, Provider),
            Client = () => client.Value,
            Latency = latency ?? new PingLatencyProbe(),
            Time = time ?? TimeProvider.System,
        });
    }

    /// <summary>config.toml's credential_store for Mullvad logins: the keyring's slots, or null for files.</summary>
    public static Core.Secrets.ISecretSlots? Secrets(Func<string, string?> environment) => CredentialStores.For(environment, Provider);

    public static (MullvadStore Store, MullvadSession Session)? Open(ParseResult parse, CliContext context, string? account)
    {
        var secrets = Secrets(context.Environment);
        var directory = Accounts(parse, context).Find(account, MullvadStore.SessionMarker(secrets));
        return AirVpnMullvadShortcuts.OpenLogin<MullvadStore, MullvadSession>(
            context, directory, d => new MullvadStore(d, secrets), s => s.LoadSession(),
            account is null ? "no Mullvad login is stored; run `tunmux mullvad login` first" : $"no Mullvad login \"{account}\" is stored; run `tunmux mullvad login --account {account}` first");
    }

    public static int Report(CliContext context, MullvadApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var hint = exception.Failure == MullvadFailure.Unreachable ? " (check the network, or --api-url / TUNMUX_MULLVAD_API_URL)" : "";
        return AirVpnMullvadShortcuts.Fail(context, exception.Message + hint);
    }
}
