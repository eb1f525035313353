using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Core.Providers;
using Tunmux.Providers.Proton;
using Tunmux.Providers.Proton.Client;
using Tunmux.Providers.Proton.Sessions;
using Tunmux.Providers.Proton.Storage;
using Tunmux.Providers.Storage;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>Where the proton commands keep their files, how they reach the API, and how they report failures.</summary>
public static class ProtonCliSupport
{
    public static readonly Option<string?> ApiUrl = new("--api-url")
    {
        Description = $"Base URL of the Proton API (default {ApiEndpoints.ProtonDefault}, or {ApiEndpoints.ProtonVariable}).",
        Recursive = true,
    };

    public static Option<string?> AccountOption() => new("--account")
    {
        Description = "The stored login to use (its user name); the last one logged in when left out.",
    };

    /// <summary>The same folder the provider source of `apply` and the daemon read (user config dir, or TUNMUX_CONFIG_DIR).</summary>
    public static ProtonStore Store(CliContext context) =>
        ProtonStore.ForUser(context.Environment, CredentialStores.For(context.Environment, ProtonStore.ProviderName));

    public static ProtonClientOptions ClientOptions(ParseResult parse, CliContext context) =>
        new() { BaseUrl = ApiEndpoints.Proton(parse.GetValue(ApiUrl), context.Environment) };

    /// <summary>The source `apply` uses for proton tunnels when nothing overrides the API URL; warnings (stale list, postponed renewal) go to standard error.</summary>
    public static IProviderTunnelSource DefaultSource(Func<string, string?> environment) =>
        new ProtonTunnelSource(
            ProtonStore.ForUser(environment, CredentialStores.For(environment, ProtonStore.ProviderName)),
            new ProtonClientOptions { BaseUrl = ApiEndpoints.Proton(null, environment) },
            logger: Logging.Quiet.CreateLogger("tunmux.proton"));

    /// <summary>
    /// A context whose exit operations resolve proton tunnels with this command's --api-url and clock,
    /// so connect reconciles exactly as apply does, against the API the user named.
    /// </summary>
    public static CliContext WithProtonSource(ParseResult parse, CliContext context, ProtonIo io) => new()
    {
        Out = context.Out,
        Error = context.Error,
        DriverFactory = context.DriverFactory,
        IsPrivileged = context.IsPrivileged,
        ConnectDaemon = context.ConnectDaemon,
        Environment = context.Environment,
        LoggerFactory = context.LoggerFactory,
        ProviderSources = paths => Replace(context.ProviderSources(paths), Source(parse, context, io)),
    };

    public static ProtonTunnelSource Source(ParseResult parse, CliContext context, ProtonIo io) =>
        new(
            Store(context),
            ClientOptions(parse, context),
            io.Time,
            context.LoggerFactory.CreateLogger("tunmux.proton"),
            new ProtonSourceOptions { LatencyProbe = io.Latency });

    /// <summary>The stored session of --account (or the default), or null after saying how to log in.</summary>
    public static ProtonSessionHandle? Open(ParseResult parse, CliContext context, string? account)
    {
        var store = Store(context);
        ProtonSession? stored;
        try
        {
            stored = store.LoadSession(account);
        }
        catch (Linux.Keyring.KeyringException exception)
        {
            context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(exception.Message)}");
            return null;
        }

        if (stored is not { } session)
        {
            Report(context, ProtonException.NotLoggedIn(account is null || store.SecretsLocation != store.Directory ? store.SecretsLocation : store.SessionPath(account)));
            return null;
        }

        return new ProtonSessionHandle(store, session, ClientOptions(parse, context));
    }

    public static int Report(CliContext context, ProtonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(exception.Message)}");
        return exception.Problem is ProtonProblem.NotLoggedIn ? ExitCodes.InvalidInput : ExitCodes.Failed;
    }

    public static void Warn(CliContext context, string message) =>
        context.Error.MarkupLine($"[orange1]warning[/] {SafeText.Markup(message)}");

    private static IEnumerable<IProviderTunnelSource> Replace(IEnumerable<IProviderTunnelSource> sources, IProviderTunnelSource proton) =>
        [.. sources.Where(s => !s.Providers.Contains(ProtonStore.ProviderName)), proton];
}
