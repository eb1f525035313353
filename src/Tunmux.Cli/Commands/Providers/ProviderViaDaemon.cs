using System.CommandLine;
using Spectre.Console;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Cli.Commands.Waiting;
using Tunmux.Cli.Hosting;
using Tunmux.Cli.Rendering;
using Tunmux.Daemon.Control;
using Tunmux.Daemon.Control.Client;
using Tunmux.Daemon.Control.Protocol;

namespace Tunmux.Cli.Commands.Providers;

/// <summary>
/// `PROVIDER connect` and `disconnect` when a daemon answers (the service, or the helper the CLI
/// started through sudo): the provider is resolved here, as the user, and the daemon is sent the
/// plain WireGuard tunnel with its keys as content (<see cref="ForwardedProviderTunnel"/>); then
/// this waits until the exit is Ready, so a helper that stops with the command leaves it up.
/// </summary>
public static class ProviderViaDaemon
{
    /// <summary>The exit code, or null when no daemon answers (the caller works in this process).</summary>
    public static async Task<int?> TryConnectAsync(
        ParseResult parse, CliContext context, IReadOnlyList<ManifestObject> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        return await WithDaemonAsync(context, async api =>
        {
            var tunnel = objects.OfType<TunnelManifest>().Single();
            var source = context.ProviderSources(GlobalOptions.Paths(parse, context)).FirstOrDefault(s => s.Providers.Contains(tunnel.Spec.Provider));
            if (source is null)
            {
                return AirVpnMullvadShortcuts.Fail(context, $"no resolver for provider {tunnel.Spec.Provider}");
            }

            var resolution = await source.ResolveAsync(tunnel, cancellationToken);
            if (resolution.Config is not { } config)
            {
                foreach (var problem in resolution.Errors)
                {
                    context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(problem.FieldPath)}: {SafeText.Markup(problem.Message)}");
                }

                return ExitCodes.Failed;
            }

            var forwarded = ForwardedProviderTunnel.From(tunnel, config, resolution.Server);
            List<ManifestObject> sent = [forwarded.Tunnel, .. objects.Where(o => o is not TunnelManifest)];
            var text = new ManifestText($"{ForwardedProviderTunnel.KeyFolder}/{tunnel.Name}.yaml", ManifestWriter.ToYaml(sent));
            var report = await api.ApplyAsync(new ApplyRequest([text], forwarded.Files, Prune: false, DryRun: false), cancellationToken);
            var code = ReconcileOutput.Report(context.Out, context.Error, report, dryRun: false, outcomesShown: false);
            if (code != ExitCodes.Success)
            {
                return code;
            }

            var subjects = ReadinessWait.SubjectsOf(sent);
            code = await ReadinessWait.RunAsync(
                subjects,
                async (patience, token) => (await api.WaitAsync(new WaitRequest(subjects, (int)patience.TotalMilliseconds), token)).Readiness,
                line => context.Out.WriteLine(line),
                line => context.Error.WriteLine(line),
                ReadinessWait.DefaultTimeout,
                TimeProvider.System,
                cancellationToken);
            if (code != ExitCodes.Success)
            {
                return code;
            }

            var view = await api.StatusAsync(cancellationToken);
            var listening = view.Proxies.FirstOrDefault(p => p.Name == tunnel.Name);
            var ports = listening is null ? "" : $": SOCKS5 {listening.Socks ?? "-"}, HTTP {listening.Http ?? "-"}";
            var server = resolution.Server is null ? "" : $" ({resolution.Server})";
            context.Out.MarkupLine($"Connected [bold]{SafeText.Markup(tunnel.Name)}[/]{SafeText.Markup(server)}{SafeText.Markup(ports)}");
            return ExitCodes.Success;
        }, cancellationToken);
    }

    /// <summary>
    /// The declared tunnels of <paramref name="provider"/> as the daemon holds them (forwarded ones
    /// by their label), or null when no daemon answers.
    /// </summary>
    public static async Task<int?> TryDisconnectAsync(
        CliContext context, string provider, Func<IReadOnlyList<TunnelManifest>, IEnumerable<string>, IReadOnlyList<string>?> choose, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choose);
        return await WithDaemonAsync(context, async api =>
        {
            var view = await api.StatusAsync(cancellationToken);
            var declared = ManifestLoader.LoadText(view.Manifests, "daemon").Objects.OfType<TunnelManifest>()
                .Where(t => ForwardedProviderTunnel.BelongsTo(t, provider)).ToList();
            var lines = declared.Select(t => view.Proxies.FirstOrDefault(p => p.TunnelRef == t.Name) is { } proxy
                ? $"  {t.Name}  SOCKS5 {proxy.Socks ?? "-"}  HTTP {proxy.Http ?? "-"}"
                : $"  {t.Name}  (no proxy)");
            if (choose(declared, lines) is not { } names)
            {
                return ExitCodes.InvalidInput;
            }

            if (names.Count == 0)
            {
                return ExitCodes.Success;
            }

            var report = await api.DeleteAsync(new DeleteRequest([], "tunnel", names, All: false, dryRun), cancellationToken);
            return ReconcileOutput.Report(context.Out, context.Error, report, dryRun, outcomesShown: false);
        }, cancellationToken);
    }

    private static async Task<int?> WithDaemonAsync(CliContext context, Func<DaemonApi, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await context.ConnectDaemon(cancellationToken);
            return client is null ? null : await work(new DaemonApi(client));
        }
        catch (ControlClientException e)
        {
            context.Error.MarkupLine($"[red]error[/] {SafeText.Markup(e.Message)}");
            return e.Failure == ControlClientFailure.PermissionDenied ? ExitCodes.NeedsRoot : ExitCodes.Failed;
        }
        catch (DaemonCallException e)
        {
            context.Error.MarkupLine($"[red]error[/] the tunmux daemon refused: {SafeText.Markup(e.Message)}");
            return e.Code == ControlErrorCodes.PermissionDenied ? ExitCodes.NeedsRoot : ExitCodes.Failed;
        }
    }
}
