using System.CommandLine;
using Spectre.Console;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// What `airvpn` and `mullvad` share: connect and disconnect are shortcuts that add or remove a
/// Tunnel and its Proxy in the declared state and reconcile, exactly as apply and delete would;
/// passwords come from standard input, never from argv.
/// </summary>
public static class AirVpnMullvadShortcuts
{
    public static Option<int?> SocksPortOption() => new("--socks-port") { Description = "SOCKS5 port on 127.0.0.1 (default: the first free one from 1080)." };

    public static Option<int?> HttpPortOption() => new("--http-port") { Description = "HTTP proxy port on 127.0.0.1 (default: the first free one from 8118)." };

    public static Option<bool> AccessLogOption() => new("--proxy-access-log") { Description = "Log one line per proxied connection (default: [general] proxy_access_log in config.toml; --proxy-access-log false turns it off)." };

    public static Option<BackendKind> BackendOption() => new("--backend") { Description = "auto, userspace (wireguard-go) or kernel (default: [general] backend in config.toml, else auto)." };

    /// <summary>As the original tunmux: without --proxy a connect declares a direct tunnel (all host traffic, behind the kill switch).</summary>
    public static Option<bool> ProxyModeOption() => new("--proxy")
    {
        Description = "Run the exit in its own namespace behind a local SOCKS5/HTTP proxy; without it the tunnel is direct: all host traffic through it, behind a kill switch.",
    };

    public static Option<bool> DryRunOption() => new("--dry-run") { Description = "Show the plan and change nothing." };

    public static Option<string?> NameOption() => new("--name") { Description = "Name of the tunnel and its proxy (default: from the server or the country)." };

    /// <summary>A proxy in front of <paramref name="tunnel"/>, on the ports asked for or automatic ones.</summary>
    public static ProxyManifest ProxyFor(string tunnel, int? socksPort, int? httpPort, bool accessLog) => new()
    {
        Metadata = new ObjectMeta { Name = tunnel },
        Spec = new ProxySpec
        {
            TunnelRef = tunnel,
            Socks = socksPort is { } socks ? new ListenerSpec { Listen = $"127.0.0.1:{socks}" } : null,
            Http = httpPort is { } http ? new ListenerSpec { Listen = $"127.0.0.1:{http}" } : null,
            AccessLog = accessLog,
        },
    };

    /// <summary>Declares the tunnel (and its proxy, in proxy mode) and reconciles; on success says where the proxy listens.</summary>
    public static async Task<int> ConnectAsync(
        ParseResult parse, CliContext context, string provider, TunnelManifest tunnel, ProxyManifest? proxy, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        List<ManifestObject> objects = proxy is null ? [tunnel] : [tunnel, proxy];
        if (!dryRun && await ProviderViaDaemon.TryConnectAsync(parse, context, objects, cancellationToken) is { } viaDaemon)
        {
            return viaDaemon;
        }

        var exits = dryRun ? ExitOperationsFactory.Create(parse, context) : ExitOperationsFactory.ForChanges(parse, context, $"{provider} connect");
        if (exits is null)
        {
            return ExitCodes.NeedsRoot;
        }

        var result = await exits.ApplyAsync(
            new ManifestSet(objects, []),
            new ApplyOptions(dryRun),
            outcome => PlanPrinter.PrintOutcome(context.Out, outcome),
            cancellationToken);
        var code = ReconcileOutput.Report(context.Out, context.Error, result, dryRun);
        if (code != ExitCodes.Success || dryRun)
        {
            return code;
        }

        if (!await Operations.OneShotDirectMode.AfterChangeAsync(parse, context, cancellationToken))
        {
            return ExitCodes.Failed;
        }

        var view = await exits.ViewAsync(cancellationToken);
        var listening = proxy is null ? null : StatusReport.Proxies(view).FirstOrDefault(p => p.Name == proxy.Name);
        var ports = listening is null ? "" : $": SOCKS5 {listening.Socks ?? "-"}, HTTP {listening.Http ?? "-"}";
        context.Out.MarkupLine($"Connected [bold]{SafeText.Markup(tunnel.Name)}[/]{SafeText.Markup(ports)}");
        return code;
    }

    /// <summary>
    /// Removes the named tunnels of <paramref name="provider"/> (with their proxies), all of them,
    /// or the only one; with several and no name, lists them instead of guessing.
    /// </summary>
    public static async Task<int> DisconnectAsync(
        ParseResult parse, CliContext context, string provider, IReadOnlyList<string> names, bool all, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var paths = GlobalOptions.Paths(parse, context);
        if (await ProviderViaDaemon.TryDisconnectAsync(context, provider, (declared, lines) => Choose(context, provider, names, all, declared, lines), dryRun, cancellationToken) is { } viaDaemon)
        {
            return viaDaemon;
        }

        var declaredObjects = new DeclaredStateStore(paths).Load().Objects;
        var declared = declaredObjects.OfType<TunnelManifest>().Where(t => t.Spec.Provider == provider).ToList();
        if (Choose(context, provider, names, all, declared, InstanceLines(paths, declaredObjects, declared)) is not { } chosen)
        {
            return ExitCodes.InvalidInput;
        }

        if (chosen.Count == 0)
        {
            return ExitCodes.Success;
        }

        var exits = dryRun ? ExitOperationsFactory.Create(parse, context) : ExitOperationsFactory.ForChanges(parse, context, $"{provider} disconnect");
        if (exits is null)
        {
            return ExitCodes.NeedsRoot;
        }

        var selected = chosen.ToHashSet(StringComparer.Ordinal);
        var result = await exits.DeleteAsync(
            o => o is TunnelManifest t && selected.Contains(t.Name),
            dryRun,
            outcome => PlanPrinter.PrintOutcome(context.Out, outcome),
            cancellationToken);
        var code = ReconcileOutput.Report(context.Out, context.Error, result, dryRun);
        return code == ExitCodes.Success && !dryRun && !await Operations.OneShotDirectMode.AfterChangeAsync(parse, context, cancellationToken) ? ExitCodes.Failed : code;
    }

    /// <summary>
    /// The tunnels to remove: the named ones, all, or the only one; empty when there are none (after
    /// saying so); null after an error or, with several and no name, after listing them.
    /// </summary>
    private static List<string>? Choose(
        CliContext context, string provider, IReadOnlyList<string> names, bool all, IReadOnlyList<TunnelManifest> declared, IEnumerable<string> instanceLines)
    {
        var unknown = names.Where(n => declared.All(t => t.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            context.Error.MarkupLine($"[red]error[/] no {provider} tunnel named {SafeText.Markup(string.Join(", ", unknown))}; {provider} tunnels: {SafeText.Markup(List(declared))}");
            return null;
        }

        var chosen = all ? [.. declared.Select(t => t.Name)] : names.Count > 0 ? names.ToList() : declared.Count == 1 ? [declared[0].Name] : [];
        if (chosen.Count > 0)
        {
            return chosen;
        }

        if (declared.Count == 0)
        {
            context.Out.WriteLine($"No {provider} tunnel is declared.");
            return [];
        }

        context.Error.MarkupLine($"Several {provider} tunnels are declared: {SafeText.Markup(List(declared))}.");
        foreach (var line in instanceLines)
        {
            context.Error.WriteLine(line);
        }

        context.Error.MarkupLine($"Say which: tunmux {provider} disconnect NAME, or --all.");
        return null;
    }

    /// <summary>
    /// A secret from standard input (one line) when --password-stdin is given; otherwise a hidden
    /// prompt when a person is at the terminal; otherwise null, after saying how to pass it.
    /// </summary>
    public static string? ReadSecret(CliContext context, TextReader input, bool fromStdin, string what, string flag)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (fromStdin)
        {
            var line = input.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                context.Error.MarkupLine($"[red]error[/] {flag} was given but standard input holds no {SafeText.Markup(what)}.");
                return null;
            }

            return line.TrimEnd('\r');
        }

        if (!context.Error.Profile.Capabilities.Interactive)
        {
            context.Error.MarkupLine($"[red]error[/] no {SafeText.Markup(what)}: give it on standard input with {flag} (it is never taken as an argument).");
            return null;
        }

        return context.Error.Prompt(new TextPrompt<string>($"{what}:").Secret());
    }

    /// <summary>
    /// The stored login's store and session (<paramref name="directory"/> null: none stored), or null
    /// after saying why: the keyring refused, or there is no login and <paramref name="howToLogIn"/> says how.
    /// </summary>
    public static (TStore Store, TSession Session)? OpenLogin<TStore, TSession>(
        CliContext context, string? directory, Func<string, TStore> open, Func<TStore, TSession?> load, string howToLogIn)
        where TStore : class
        where TSession : class
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(load);
        var store = directory is null ? null : open(directory);
        TSession? session;
        try
        {
            session = store is null ? null : load(store);
        }
        catch (Linux.Keyring.KeyringException exception)
        {
            Fail(context, exception.Message);
            return null;
        }

        if (store is not null && session is not null)
        {
            return (store, session);
        }

        Fail(context, howToLogIn);
        return null;
    }

    public static int Fail(CliContext context, string message, int code = ExitCodes.Failed)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(message)}");
        return code;
    }

    /// <summary>One line per instance with where its proxy listens, as the original lists them: the running worker's ports, else the declared ones.</summary>
    private static IEnumerable<string> InstanceLines(TunmuxPaths paths, IReadOnlyList<ManifestObject> declared, IEnumerable<TunnelManifest> tunnels)
    {
        IReadOnlyList<Core.State.ProxyRecord> running;
        try
        {
            running = new RecordStore(paths).LoadProxies().Records;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            running = [];
        }

        foreach (var tunnel in tunnels)
        {
            var record = running.FirstOrDefault(r => r.TunnelRef == tunnel.Name);
            var spec = declared.OfType<ProxyManifest>().FirstOrDefault(p => p.Spec.TunnelRef == tunnel.Name)?.Spec;
            var socks = record?.SocksListen ?? spec?.Socks?.Listen ?? "-";
            var http = record?.HttpListen ?? spec?.Http?.Listen ?? "-";
            yield return spec is null && record is null ? $"  {tunnel.Name}  (no proxy)" : $"  {tunnel.Name}  SOCKS5 {socks}  HTTP {http}";
        }
    }

    private static string List(IEnumerable<TunnelManifest> tunnels)
    {
        var names = tunnels.Select(t => t.Name).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
