using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// Resolves `provider: airvpn` tunnels: opens the login, keeps the server list fresh, picks the
/// device and the server (keeping last time's choice while it still fits), and builds the
/// WireGuard config. Every failure is reported against the field it concerns.
/// </summary>
public sealed class AirVpnTunnelSource(AirVpnSourceOptions options) : IProviderTunnelSource
{
    public const string ProviderName = "airvpn";

    public IReadOnlyCollection<string> Providers { get; } = [ProviderName];

    public async Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        try
        {
            return await ResolveCoreAsync(tunnel, cancellationToken).ConfigureAwait(false);
        }
        catch (AirVpnApiException exception)
        {
            return exception.Failure switch
            {
                AirVpnFailure.Refused => ProviderResolution.Failed("spec.account", $"{exception.Message} (run `tunmux airvpn login` again if the password changed)"),
                AirVpnFailure.Unreachable => ProviderResolution.Unavailable(exception.Message),
                _ => ProviderResolution.Failed("spec.provider", exception.Message),
            };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return ProviderResolution.Failed("spec.account", $"cannot use the stored AirVPN login: {exception.Message}");
        }
    }

    public Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        var secrets = tunnel.Spec.Account?.CredentialsFile is null ? options.Secrets : null;
        if (options.Accounts.FolderOf(tunnel.Spec.Account, options.CredentialsRoot, AirVpnStore.SessionMarker(secrets)) is { } folder)
        {
            var store = new AirVpnStore(folder, secrets);
            var now = options.Time.GetUtcNow();
            // No selection yet (never stored): the device is found again at the next resolution.
            var selection = store.LoadSelection(tunnel.Name) ?? new AirVpnSelection(server, "", now);
            store.SaveSelection(tunnel.Name, selection with { Unhealthy = options.Avoidance.Mark(selection.Unhealthy, server, now) });
        }

        return Task.CompletedTask;
    }

    private async Task<ProviderResolution> ResolveCoreAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        var (store, session, problem) = await AirVpnAccountOpener.OpenAsync(tunnel.Spec.Account, options, cancellationToken).ConfigureAwait(false);
        if (problem is not null || store is null || session is null)
        {
            return Failed(problem ?? new ProviderProblem("spec.account", "the stored AirVPN login is empty; run `tunmux airvpn login` again"));
        }

        var manifest = await ManifestAsync(store, session, cancellationToken).ConfigureAwait(false);
        var (device, session2, deviceProblem) = await DeviceAsync(tunnel, store, session, cancellationToken).ConfigureAwait(false);
        if (deviceProblem is not null || device is null)
        {
            return Failed(deviceProblem!);
        }

        if (manifest.DefaultMode is not { } mode)
        {
            return Failed(new ProviderProblem("spec.server", "the AirVPN server list offers no WireGuard mode"));
        }

        var now = options.Time.GetUtcNow();
        var kept = store.LoadSelection(tunnel.Name);
        var server = kept is null || !options.Avoidance.Keeps(kept.Server, kept.ChosenAt, kept.Unhealthy, now)
            ? null
            : manifest.Servers.FirstOrDefault(s => s.Name == kept.Server);
        var remember = kept is not null && kept.Device != device.Name ? kept with { Device = device.Name } : null;
        if (server is null || !AirVpnServerChooser.StillMatches(server, tunnel.Spec.Server))
        {
            var (matches, filterProblem) = AirVpnServerChooser.Filter(manifest.Servers, tunnel.Spec.Server);
            if (filterProblem is not null)
            {
                return Failed(filterProblem);
            }

            var sort = tunnel.Spec.Server?.Sort;
            var latencies = AirVpnServerChooser.NeedsLatency(sort) && matches.Count > 1
                ? await options.Latency.MeasureAsync(ProbeTargets(matches, mode), cancellationToken).ConfigureAwait(false)
                : new Dictionary<string, long>();
            server = options.Avoidance.Choose(AirVpnServerChooser.Order(matches, sort, latencies), s => s.Name, kept?.Unhealthy, now);
            remember = new AirVpnSelection(server.Name, device.Name, now, options.Avoidance.Active(kept?.Unhealthy, now));
        }

        if (remember is not null)
        {
            TryRemember(store, tunnel.Name, remember);
        }

        return new ProviderResolution(AirVpnWireGuard.Build(session2.User, device, server, mode), server.Name, []);
    }

    private async Task<AirVpnManifest> ManifestAsync(AirVpnStore store, AirVpnSession session, CancellationToken cancellationToken)
    {
        var cached = store.LoadManifest();
        if (cached is not null && options.Time.GetUtcNow() - cached.FetchedAt < options.ManifestMaxAge)
        {
            return cached.Manifest;
        }

        try
        {
            return (await AirVpnLogin.RefreshManifestAsync(options.Client(), session.Credentials, store, options.Time, cancellationToken).ConfigureAwait(false)).Manifest;
        }
        catch (AirVpnApiException exception) when (exception.Failure != AirVpnFailure.Refused && cached is not null)
        {
            // AirVPN is out of reach: the older list still names real servers.
            return cached.Manifest;
        }
    }

    private async Task<(AirVpnDeviceKey? Device, AirVpnSession Session, ProviderProblem? Problem)> DeviceAsync(
        TunnelManifest tunnel, AirVpnStore store, AirVpnSession session, CancellationToken cancellationToken)
    {
        var requested = AirVpnDevices.Requested(tunnel, session);
        var device = AirVpnDevices.Find(session.User, requested);
        if (device is null)
        {
            // A device added on the website since the last fetch: look once more.
            session = await AirVpnLogin.RefreshUserAsync(options.Client(), session, store, options.Time, cancellationToken).ConfigureAwait(false);
            device = AirVpnDevices.Find(session.User, requested);
        }

        if (device is not null)
        {
            return (device, session, null);
        }

        var field = tunnel.Metadata.Labels.ContainsKey(AirVpnDevices.Label) ? $"metadata.labels.{AirVpnDevices.Label}" : "spec.account";
        var message = session.User.Keys.Count == 0
            ? $"AirVPN account {session.Login} has no devices (WireGuard keys); add one with `tunmux airvpn devices add --name NAME`"
            : $"AirVPN account {session.Login} has no device \"{requested}\"; devices: {AirVpnDevices.NamesOf(session.User)}";
        return (null, session, new ProviderProblem(field, message));
    }

    private List<(string Name, string Address)> ProbeTargets(IReadOnlyList<AirVpnServer> matches, AirVpnMode mode) =>
        [
            .. AirVpnServerChooser.Order(matches, AirVpnServerChooser.Load, new Dictionary<string, long>())
                .Take(options.MaxProbed)
                .Select(s => (s.Name, s.EntryIpFor(mode) ?? ""))
                .Where(t => t.Item2.Length > 0),
        ];

    private static void TryRemember(AirVpnStore store, string tunnel, AirVpnSelection selection)
    {
        try
        {
            store.SaveSelection(tunnel, selection);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Read-only callers (status as a user) still resolve; the choice is made again next time.
        }
    }

    private static ProviderResolution Failed(ProviderProblem problem) => new(null, null, [problem]);
}
