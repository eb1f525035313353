using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.Observed;
using Tunmux.Core.Planning;
using Tunmux.Core.Providers;
using Tunmux.Core.State;
using Tunmux.Runtime.Execution;
using Tunmux.Runtime.Observation;
using Tunmux.Runtime.Resolution;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Reconciles one key (a tunnel and its proxies, or the host's orphans) against the whole
/// declared set. Unlike `apply`, an invalid object does not stop the others: its errors are
/// terminal for that object only, and whatever it already runs is left as it is.
/// Several keys may be reconciled at once (the control loop's workers): each change to the host
/// holds its key's lock (<see cref="KeyLocks"/>) and the state lock shared, so one key is never
/// acted on twice at once and no other tunmux process interleaves; automatic ports are assigned
/// one pass at a time (<see cref="PortReservations"/>).
/// </summary>
public sealed partial class KeyReconciler(
    TunmuxPaths paths,
    IExitDriver driver,
    IEnumerable<IProviderTunnelSource>? providers = null,
    ILogger? logger = null,
    TimeProvider? time = null)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private readonly RecordStore _records = new(paths);
    private readonly IReadOnlyList<IProviderTunnelSource> _providers = [.. providers ?? []];
    private readonly DeclaredSetValidation _validation = new();
    private readonly KeyLocks _keys = new();
    private readonly PortReservations _ports = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Each key's last fully resolved objects, for repairs while a provider cannot be asked.</summary>
    private readonly ConcurrentDictionary<string, DesiredState> _lastResolved = new(StringComparer.Ordinal);

    /// <param name="allowDeletes">
    /// False while the declared state could not be read in full: then nothing is deleted,
    /// because a missing object may only be unreadable, not undeclared.
    /// </param>
    /// <param name="activePeer">The peer the tunnel should use; null keeps the recorded one.</param>
    /// <param name="recovery">A recovery step the lifecycle asks for (reconnect, failover, server change); planned like any change.</param>
    public async Task<KeyReport> ReconcileAsync(
        string key, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken, bool allowDeletes = true, int? activePeer = null,
        TunnelRecovery? recovery = null)
    {
        var spec = await PrepareAsync(key, declared, cancellationToken).ConfigureAwait(false);
        return await ApplyAsync(spec, cancellationToken, allowDeletes, activePeer, recovery).ConfigureAwait(false);
    }

    /// <summary>Validates and resolves the key's objects (reads their files, asks providers). Touches nothing.</summary>
    public async Task<KeySpec> PrepareAsync(string key, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken)
    {
        var validation = _validation.Validate(declared);
        var own = declared.Where(o => ReconcileScope.KeyOf(o) == key).ToList();
        var ownSubjects = own.Select(o => o.KindAndName).ToHashSet(StringComparer.Ordinal);
        var ownErrors = validation.Where(e => e.Subject is not null && ownSubjects.Contains(e.Subject)).ToList();
        var valid = own.Where(o => !validation.Any(e => e.Subject == o.KindAndName)).ToList();

        var (desired, resolveErrors) = await new ManifestResolver(_providers).ResolveAsync(valid, cancellationToken).ConfigureAwait(false);
        ownErrors.AddRange(resolveErrors);
        return new KeySpec(key, desired, ownErrors) { DeclaredPorts = Api.DeclaredPorts.Of(declared) };
    }

    /// <param name="activePeer">The peer the tunnel should use (a build configures it; a tunnel on another peer is reconnected); null keeps the recorded one.</param>
    /// <param name="recovery">A recovery step the lifecycle asks for; the planner turns it into a reconnect or a replace.</param>
    public Task<KeyReport> ApplyAsync(
        KeySpec spec, CancellationToken cancellationToken, bool allowDeletes = true, int? activePeer = null, TunnelRecovery? recovery = null) =>
        PassAsync(spec, execute: true, allowDeletes, new PeerRequest(activePeer, recovery), cancellationToken);

    /// <summary>
    /// What <see cref="ApplyAsync"/> would do, as a report with the plan and no execution: the same
    /// resolution, observation and planning, stopped before the executor (a diff or dry run).
    /// </summary>
    public Task<KeyReport> PlanAsync(KeySpec spec, CancellationToken cancellationToken, bool allowDeletes = true) =>
        PassAsync(spec, execute: false, allowDeletes, new PeerRequest(null, null), cancellationToken);

    /// <summary>What the lifecycle wants of the key's tunnel on top of its spec: the peer, and a recovery step.</summary>
    private sealed record PeerRequest(int? ActivePeer, TunnelRecovery? Recovery);

    private async Task<KeyReport> PassAsync(KeySpec spec, bool execute, bool allowDeletes, PeerRequest peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = spec.Key;
        var started = _time.GetTimestamp();
        var resolved = spec.Desired;
        IReadOnlyList<ManifestError> unavailable = [];
        if (spec.Errors.Count > 0)
        {
            // Leave what runs alone: a broken manifest is not a request to delete.
            var invalid = spec.Errors.Where(e => !e.Transient).ToList();
            if (invalid.Count > 0)
            {
                return new KeyReport(key) { InvalidSpec = invalid, Duration = _time.GetElapsedTime(started) };
            }

            // A provider that cannot be asked right now blocks only what needs its answer: a dead
            // worker, a lost namespace or a dead keeper is repaired with the last resolved spec.
            if (!_lastResolved.TryGetValue(key, out var last))
            {
                return new KeyReport(key) { Unavailable = spec.Errors, Duration = _time.GetElapsedTime(started) };
            }

            unavailable = spec.Errors;
            resolved = WithLastResolved(resolved, last);
        }
        else if (execute)
        {
            _lastResolved[key] = spec.Desired;
        }

        // The host key removes namespaces without a record; a tunnel another worker is building has
        // its namespace before its record, so that pass runs alone.
        using var held = key == ReconcileScope.Host
            ? await StateLock.AcquireAsync(paths.LockFile, LockTimeout, cancellationToken).ConfigureAwait(false)
            : await StateLock.AcquireSharedAsync(paths.LockFile, LockTimeout, cancellationToken).ConfigureAwait(false);
        using var keyHeld = await _keys.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var observer = new HostObserver(driver, _records, paths.Naming);
        var (observed, problems) = observer.Observe(Scope(key));
        var desired = WithActivePeer(resolved, observed, peer);
        // Held until the plan ran and its records are written, so a pass of another key skips these ports.
        // Ports declared by objects not built yet (their tunnel pending or failing) are skipped too.
        using var ports = _ports.Assign(key, desired.Proxies, () => _records.LoadProxies().Records, observed.HostTcpPortsInUse, spec.DeclaredPorts);
        var withPorts = desired with { Proxies = ports.Proxies };

        var plan = PlanFor(key, withPorts, observed, allowDeletes);
        var report = new KeyReport(key) { Plan = plan, Before = observed, Desired = desired, Unavailable = unavailable, Notes = problems };
        if (!plan.HasChanges || !execute)
        {
            return report with { After = observed, Duration = _time.GetElapsedTime(started) };
        }

        if (logger is not null)
        {
            LogReconciling(logger, key.Length == 0 ? "(host)" : key, plan.Summary);
        }
        var execution = await new PlanExecutor(driver, _records, logger).ExecuteAsync(plan, Progress, cancellationToken).ConfigureAwait(false);
        var (after, _) = observer.Observe(Scope(key));
        return report with
        {
            Execution = execution,
            After = after,
            // The recovery step was carried out (or failed, and the outcome says so): it is not asked for again.
            Remaining = PlanFor(key, WithoutRecovery(withPorts), after, allowDeletes),
            Duration = _time.GetElapsedTime(started),
        };
    }

    /// <summary>Told of each change as it finishes (a one-shot apply prints them as they come).</summary>
    public Action<ChangeOutcome>? Progress { get; init; }

    /// <summary>The key's part of the plan from its resolved objects to what the host shows.</summary>
    private static Plan PlanFor(string key, DesiredState withPorts, ObservedState observed, bool allowDeletes)
    {
        var full = Planner.Compute(ReconcileScope.Narrow(withPorts, key), observed, new PlanOptions(PruneOrphans: true));
        return full with
        {
            Changes = full.Changes.Where(c => ReconcileScope.Covers(key, c) && (allowDeletes || c.Action != ChangeAction.Delete)).ToList(),
        };
    }

    /// <summary>The tunnel's record as stored (no inspection of the host), or null.</summary>
    public TunnelRecord? RecordOf(string tunnel) => _records.LoadTunnels().Records.FirstOrDefault(r => r.Name == tunnel);

    /// <summary>A fresh look at the key's part of the host, for a health check between reconciles. Changes nothing.</summary>
    public ObservedState Observe(string key) => new HostObserver(driver, _records, paths.Naming).Observe(Scope(key)).State;

    /// <summary>
    /// Tells the tunnel's provider that <paramref name="server"/> failed it, so that the next
    /// resolution picks another matching server. Plain WireGuard tunnels have no provider to tell.
    /// </summary>
    public Task MarkUnhealthyAsync(TunnelManifest tunnel, string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        var source = _providers.FirstOrDefault(p => p.Providers.Contains(tunnel.Spec.Provider));
        return source is null ? Task.CompletedTask : source.MarkUnhealthyAsync(tunnel, server, cancellationToken);
    }

    /// <summary>The tunnels that could not be resolved this time, as they were resolved last; the proxies as declared now.</summary>
    private static DesiredState WithLastResolved(DesiredState now, DesiredState last) =>
        now with { Tunnels = [.. now.Tunnels, .. last.Tunnels.Where(t => now.Tunnels.All(n => n.Name != t.Name))] };

    private static ObservationScope Scope(string key) => key == ReconcileScope.Host ? ObservationScope.OrphansOnly : ObservationScope.Tunnel(key);

    /// <summary>
    /// The tunnel uses the peer asked for (a recovery's own first), else the one the record names, so
    /// a repair keeps a failover; a recovery step rides along for the planner.
    /// </summary>
    private static DesiredState WithActivePeer(DesiredState desired, ObservedState observed, PeerRequest peer) =>
        desired with
        {
            Tunnels = desired.Tunnels.Select(t => t with
            {
                ActivePeer = t.PeerIndex(peer.Recovery?.Peer ?? peer.ActivePeer ?? observed.Tunnels.FirstOrDefault(o => o.Record.Name == t.Name)?.Record.ActivePeer ?? 0),
                Recovery = peer.Recovery,
            }).ToList(),
        };

    private static DesiredState WithoutRecovery(DesiredState desired) =>
        desired with { Tunnels = desired.Tunnels.Select(t => t with { Recovery = null }).ToList() };

    [LoggerMessage(1010, LogLevel.Information, "reconciling {Key}: {Summary}")]
    private static partial void LogReconciling(ILogger logger, string key, string summary);
}
