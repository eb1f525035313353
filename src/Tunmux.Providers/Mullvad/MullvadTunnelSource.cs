using Tunmux.Runtime.Resolution;
using Tunmux.Api.Model;
using Tunmux.Core.Providers;
using Tunmux.Providers.Accounts;

namespace Tunmux.Providers.Mullvad;

/// <summary>
/// Resolves `provider: mullvad` tunnels: opens the login (stored, or a credentials file that
/// registers its own device), keeps the device valid and its key rotated (spec.keyRotation),
/// keeps the relay list fresh, and picks the relay, keeping last time's while it still fits.
/// </summary>
public sealed class MullvadTunnelSource(MullvadSourceOptions options) : IProviderTunnelSource
{
    public const string ProviderName = "mullvad";

    public IReadOnlyCollection<string> Providers { get; } = [ProviderName];

    public async Task<ProviderResolution> ResolveAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        try
        {
            return await ResolveCoreAsync(tunnel, cancellationToken).ConfigureAwait(false);
        }
        catch (MullvadApiException exception)
        {
            return exception.Failure switch
            {
                MullvadFailure.Refused or MullvadFailure.Revoked => ProviderResolution.Failed("spec.account", exception.Message),
                MullvadFailure.Unreachable => ProviderResolution.Unavailable(exception.Message),
                _ => ProviderResolution.Failed("spec.provider", exception.Message),
            };
        }
        catch (CredentialsFileException exception)
        {
            return ProviderResolution.Failed("spec.account.credentialsFile", exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return ProviderResolution.Failed("spec.account", $"cannot use the stored Mullvad login: {exception.Message}");
        }
    }

    public Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        var secrets = tunnel.Spec.Account?.CredentialsFile is null ? options.Secrets : null;
        if (options.Accounts.FolderOf(tunnel.Spec.Account, options.CredentialsRoot, MullvadStore.SessionMarker(secrets)) is { } folder)
        {
            var store = new MullvadStore(folder, secrets);
            var now = options.Time.GetUtcNow();
            var selection = store.LoadSelection(tunnel.Name) ?? new MullvadSelection(server, now);
            store.SaveSelection(tunnel.Name, selection with { Unhealthy = options.Avoidance.Mark(selection.Unhealthy, server, now) });
        }

        return Task.CompletedTask;
    }

    private async Task<ProviderResolution> ResolveCoreAsync(TunnelManifest tunnel, CancellationToken cancellationToken)
    {
        var (store, session, problem) = Open(tunnel.Spec.Account);
        if (problem is not null)
        {
            return new ProviderResolution(null, null, [problem]);
        }

        var api = options.Client();
        session = await new MullvadDeviceKeeper(api, store!, options.Time)
            .EnsureDeviceAsync(session!, tunnel.Spec.KeyRotation, options.RotateKeys, cancellationToken).ConfigureAwait(false);
        var device = session.Device!;
        var relays = await RelaysAsync(api, store!, cancellationToken).ConfigureAwait(false);

        var now = options.Time.GetUtcNow();
        var kept = store!.LoadSelection(tunnel.Name);
        var relay = kept is null || !options.Avoidance.Keeps(kept.Relay, kept.ChosenAt, kept.Unhealthy, now)
            ? null
            : relays.Relays.FirstOrDefault(r => r.Hostname == kept.Relay);
        if (relay is null || !MullvadRelayChooser.StillMatches(relay, tunnel.Spec.Server))
        {
            var (matches, filterProblem) = MullvadRelayChooser.Filter(relays.Relays, tunnel.Spec.Server);
            if (filterProblem is not null)
            {
                return new ProviderResolution(null, null, [filterProblem]);
            }

            var sort = tunnel.Spec.Server?.Sort;
            var latencies = matches.Count > 1
                ? await options.Latency.MeasureAsync(
                    [.. MullvadRelayChooser.Order(matches, "score", new Dictionary<string, long>()).Take(options.MaxProbed).Select(r => (r.Hostname, r.Ipv4AddressIn))],
                    cancellationToken).ConfigureAwait(false)
                : new Dictionary<string, long>();
            relay = options.Avoidance.Choose(MullvadRelayChooser.Order(matches, sort, latencies), r => r.Hostname, kept?.Unhealthy, now);
            TryRemember(store, tunnel.Name, new MullvadSelection(relay.Hostname, now, options.Avoidance.Active(kept?.Unhealthy, now)));
        }

        return new ProviderResolution(MullvadWireGuard.Build(device, relay, relays), relay.Hostname, []);
    }

    private (MullvadStore? Store, MullvadSession? Session, ProviderProblem? Problem) Open(AccountSpec? account)
    {
        if (account?.CredentialsFile is { } path)
        {
            var number = MullvadLogin.FromFile(CredentialsFile.Read(path));
            var store = new MullvadStore(AccountDirectories.ForCredentialsFile(options.CredentialsRoot, path));
            var cached = store.LoadSession();
            return (store, cached is not null && cached.AccountNumber.Equals(number) ? cached : new MullvadSession { AccountNumber = number }, null);
        }

        var directory = options.Accounts.Find(account?.Name, MullvadStore.SessionMarker(options.Secrets));
        if (directory is null)
        {
            return account?.Name is { } name
                ? (null, null, new ProviderProblem("spec.account.name", $"no Mullvad login \"{name}\" is stored; run `tunmux mullvad login --account {name}`"))
                : (null, null, new ProviderProblem("spec.account", "no Mullvad login is stored; run `tunmux mullvad login` or set spec.account.credentialsFile"));
        }

        var opened = new MullvadStore(directory, options.Secrets);
        return opened.LoadSession() is { } session
            ? (opened, session, null)
            : (null, null, new ProviderProblem("spec.account", "the stored Mullvad login is empty; run `tunmux mullvad login` again"));
    }

    private async Task<MullvadRelayList> RelaysAsync(MullvadApiClient api, MullvadStore store, CancellationToken cancellationToken)
    {
        var cached = store.LoadRelays();
        if (cached is not null && options.Time.GetUtcNow() - cached.FetchedAt < options.RelaysMaxAge)
        {
            return cached.Relays;
        }

        try
        {
            var fresh = await api.GetRelaysAsync(cancellationToken).ConfigureAwait(false);
            TrySave(() => store.SaveRelays(new MullvadCachedRelays(fresh, options.Time.GetUtcNow())));
            return fresh;
        }
        catch (MullvadApiException exception) when (exception.Failure is MullvadFailure.Unreachable or MullvadFailure.Malformed && cached is not null)
        {
            return cached.Relays;
        }
    }

    private static void TryRemember(MullvadStore store, string tunnel, MullvadSelection selection) =>
        TrySave(() => store.SaveSelection(tunnel, selection));

    private static void TrySave(Action save)
    {
        try
        {
            save();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Read-only callers still resolve; the cache is written by the next one that can.
        }
    }
}
