using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Lifecycle.States;
using Tunmux.Core.Observed;
using Tunmux.Core.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Runs each tunnel's lifecycle (Tunmux.Core.Lifecycle) from what the controller's passes find,
/// and turns what it asks into requests for the key's next pass: a build is the reconcile itself;
/// a reconnect, a failover or a server change is a recovery step (<see cref="TunnelRecovery"/>)
/// that the planner makes a change of and the executor runs, like any other; a block opens nothing (the namespace has no route but the
/// tunnel, so an unhealthy exit stays closed). Conditions and events come out of it, and are
/// kept in <paramref name="statuses"/> so that they survive a restart of the daemon. Active
/// probes run elsewhere (<see cref="ProbeScheduler"/>); their results come in here as events.
/// The control loop's workers call it for different keys at once (never for one key twice at
/// once): each key's track, and the actions its lifecycle asked for, are touched only by the
/// worker holding that key; the shared maps are concurrent and the board is published whole.
/// </summary>
public sealed partial class TunnelSupervisor(
    KeyReconciler reconciler,
    LifecyclePolicy policy,
    StatusBoard board,
    ILogger logger,
    TimeProvider? time = null,
    StatusStore? statuses = null,
    ProbeScheduler? probes = null)
{
    private readonly ConcurrentDictionary<string, TunnelTrack> _tunnels = new(StringComparer.Ordinal);
    private readonly StatusShelf _tunnelShelf = StatusShelf.Tunnels(statuses, logger);
    private readonly ProxyTracker _proxies = new(StatusShelf.Proxies(statuses, logger));
    private readonly Lock _publishing = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public LifecyclePolicy Policy => policy;

    /// <summary>
    /// At start: takes up the status a previous daemon saved for the tunnels and proxies that still
    /// exist (declared or on the host), and deletes what it saved for anything else.
    /// </summary>
    public void Restore(IReadOnlySet<string> tunnels, IReadOnlySet<string> proxies)
    {
        _tunnelShelf.Restore(tunnels);
        _proxies.Restore(proxies);
    }

    /// <summary>
    /// Before a full pass: tells the lifecycle about a new, changed, invalid or removed spec and
    /// lets due deadlines fire. Returns the peer the tunnel should use (null keeps the recorded one)
    /// and the recovery step the pass is to plan, if the lifecycle asked for one.
    /// </summary>
    public PassRequest BeforePass(KeySpec spec, IReadOnlyList<ManifestObject> declared, DateTimeOffset now)
    {
        var key = spec.Key;
        if (key == ReconcileScope.Host)
        {
            return PassRequest.None;
        }

        _tunnels.TryGetValue(key, out var track);
        if (!declared.OfType<TunnelManifest>().Any(t => t.Name == key))
        {
            if (track is not null && track.State is not DeletingState)
            {
                Feed(track, new TunnelEvent.DeleteRequested(now));
            }
            else if (track is null)
            {
                // Removed while no daemon ran: this pass deletes it, and with it what was saved of it.
                _tunnelShelf.Forget(key);
            }

            DropBuildsThePassDoes(track);
            if (track is not null)
            {
                track.Recovery = null;
            }

            return PassRequest.None;
        }

        if (track is null)
        {
            track = _tunnels[key] = new TunnelTrack(key);
            _tunnelShelf.TakeUp(track);
        }

        if (spec.Tunnel is { } desired)
        {
            track.Desired = desired;
        }

        var fingerprint = spec.TunnelError is { } error ? $"invalid: {error.Message}" : spec.Tunnel?.SpecHash;
        if (track.State is ChangingServerState { To: null, From: var failed } && spec.Tunnel is { } resolved && spec.TunnelError is null)
        {
            // The resolution the failover asked for: a new server is no new spec (same generation).
            // An edit that lands in the same pass is built with it all the same.
            track.Fingerprint = fingerprint;
            Feed(track, new TunnelEvent.ServerResolved(resolved.Server, now));
            if (track.State is ChangingServerState { To: { } to } && to != failed)
            {
                // The pass replaces the tunnel on the new server: a recovery step, said so in the plan.
                track.Recovery = new TunnelRecovery(RecoveryKind.ChangeServer, StatePeers.PeerIndexOf(track.State), failed);
            }
        }
        else if (fingerprint is not null && (fingerprint != track.Fingerprint || !track.SpecSeen))
        {
            NoteSpec(track, spec, fingerprint, now);
        }

        Feed(track, new TunnelEvent.Tick(now));
        DropBuildsThePassDoes(track);
        TakeRecoveries(track);
        var recovery = track.Recovery;
        track.Recovery = null;
        return new PassRequest(track.SpecSeen ? recovery?.Peer ?? StatePeers.PeerIndexOf(track.State) : null, recovery);
    }

    /// <summary>Whether the key's lifecycle asked for a recovery step that its next pass is to plan.</summary>
    public bool RecoveryPending(string key) => _tunnels.TryGetValue(key, out var track) && track.Recovery is not null;

    /// <summary>After a full pass: the build's outcome and a fresh observation go in; reconnects run.</summary>
    /// <returns>True when the lifecycle wants another full pass (a rebuild).</returns>
    public async Task<bool> AfterPassAsync(KeySpec spec, KeyReport report, IReadOnlyList<ManifestObject> declared, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = spec.Key;
        if (key == ReconcileScope.Host)
        {
            return false;
        }

        var observed = report.After ?? reconciler.Observe(key);
        if (_tunnels.TryGetValue(key, out var track))
        {
            var after = observed.Tunnels.FirstOrDefault(t => t.Record.Name == key);
            if (track.State is DeletingState && after is null)
            {
                _tunnels.TryRemove(key, out _);
                _tunnelShelf.Forget(key);
                track = null;
            }
            else
            {
                FeedPassOutcome(track, report, now);
                FeedProbeResults(track);
                Observe(track, after?.Facts ?? TunnelFacts.Missing, now);
            }
        }

        var wantsFullPass = await ExecuteAsync(track, declared, cancellationToken).ConfigureAwait(false);
        UpdateConditions(key, declared, spec, observed, now);
        return wantsFullPass;
    }

    /// <summary>A health check between full passes: observe only, and recover if the lifecycle says so.</summary>
    /// <returns>True when the lifecycle wants a full pass (a build or a rebuild).</returns>
    public async Task<bool> CheckAsync(string key, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken)
    {
        if (!_tunnels.TryGetValue(key, out var track))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        FeedProbeResults(track);
        var observed = reconciler.Observe(key);
        Observe(track, observed.Tunnels.FirstOrDefault(t => t.Record.Name == key)?.Facts ?? TunnelFacts.Missing, now);
        var wantsFullPass = await ExecuteAsync(track, declared, cancellationToken).ConfigureAwait(false);
        UpdateConditions(key, declared, null, observed, now);
        return wantsFullPass;
    }

    /// <summary>When the key should be looked at again without an outside trigger (see <see cref="HealthSchedule"/>).</summary>
    public DateTimeOffset? NextCheck(string key, DateTimeOffset now) =>
        _tunnels.TryGetValue(key, out var track) ? HealthSchedule.Next(track.State, track.Facts, track.Context(policy).Policy, now) : null;

    private void NoteSpec(TunnelTrack track, KeySpec spec, string fingerprint, DateTimeOffset now)
    {
        // First sight for this daemon, though a previous one may have counted this very spec
        // (its saved fingerprint): then the generation stays, as the spec did not change.
        var firstSight = !track.SpecSeen;
        track.SpecSeen = true;
        if (fingerprint != track.Fingerprint)
        {
            track.Fingerprint = fingerprint;
            track.Generation++;
        }

        if (firstSight && spec.Tunnel is { } desired && reconciler.RecordOf(track.Name) is { } record && record.SpecHash == desired.SpecHash)
        {
            // A restarted daemon finds the tunnel running as declared: adopt it on its current peer
            // (a rebuild would cut every connection for nothing); the pass confirms it.
            track.State = ConnectingState.Building(record.ActivePeer, 0);
            track.Record(now, HistoryEventType.Normal, "Adopted", $"found running with peer {record.ActivePeer + 1}");
            return;
        }

        Feed(track, new TunnelEvent.SpecChanged(spec.TunnelError?.Message, now));
    }

    private void FeedPassOutcome(TunnelTrack track, KeyReport report, DateTimeOffset now)
    {
        NoteRecoveryOutcome(track, report);
        var built = report.Execution?.Outcomes.Any(o => IsTunnelBuild(o.Change, track.Name)) ?? false;
        var before = report.Before?.Tunnels.FirstOrDefault(t => t.Record.Name == track.Name);
        if (built && !StatePeers.AwaitsBuild(track.State) && before?.Facts.BrokenReason is not null)
        {
            // The pass repaired a tunnel the lifecycle still thought fine: let it see the breakage
            // first, so it asks for the rebuild this pass already did and then judges the new one.
            Feed(track, new TunnelEvent.Observed(before.Facts, now));
            DropBuildsThePassDoes(track);
        }

        if (!StatePeers.AwaitsBuild(track.State) || report.InvalidSpec.Count > 0)
        {
            return;
        }

        var failure = report.Execution?.Failures.FirstOrDefault(f => f.Change.Kind == ResourceKind.Tunnel && f.Change.Name == track.Name);
        var record = report.After?.Tunnels.FirstOrDefault(t => t.Record.Name == track.Name)?.Record;
        if (failure is not null || record is null)
        {
            Feed(track, new TunnelEvent.BuildFailed(failure?.Error ?? "the tunnel was not built", Transient: true, now));
            return;
        }

        // A tunnel kept on another peer than the lifecycle wants was reconnected by this pass's plan
        // (the planner compares the peers); if that failed, the retry's plan does it again.
        Feed(track, new TunnelEvent.BuildSucceeded(now));
    }

    /// <summary>
    /// A recovery step that failed: the lifecycle's grace period runs on (without a handshake the
    /// ladder climbs further); the failure goes to the history and the log.
    /// </summary>
    private void NoteRecoveryOutcome(TunnelTrack track, KeyReport report)
    {
        foreach (var outcome in report.Execution?.Outcomes ?? [])
        {
            if (outcome is { Change: ReconnectTunnel reconnect, Error: { } error } && reconnect.Name == track.Name)
            {
                var reason = reconnect.Desired.Recovery?.Kind == RecoveryKind.Reconnect ? "ReconnectFailed" : "FailOverFailed";
                track.Record(_time.GetUtcNow(), HistoryEventType.Warning, reason, error);
                LogSwitchFailed(logger, track.Name, reconnect.Peer + 1, error);
            }
        }
    }

    private static bool IsTunnelBuild(PlannedChange change, string name) =>
        change is CreateTunnel or ReplaceTunnel && change.Name == name;

    /// <summary>
    /// Probe results that came in since the last step, before the fresh observation: a pass that
    /// ends a degradation must be heard before the observation could confirm it into a reconnect.
    /// </summary>
    private void FeedProbeResults(TunnelTrack track)
    {
        foreach (var result in probes?.Drain(track.Name) ?? [])
        {
            Feed(track, result);
        }
    }

    /// <summary>Tells the probe scheduler what the tunnel's state now calls for: a probe at some cadence, or none.</summary>
    private void FollowProbe(string key, TunnelTrack? track, ObservedState observed)
    {
        if (probes is null)
        {
            return;
        }

        var record = observed.Tunnels.FirstOrDefault(t => t.Record.Name == key)?.Record;
        var plan = track?.Desired?.Probe is { } settings && record is not null && ProbeCadence.Delay(track.State, settings) is { } delay
            ? new ProbePlan(settings, record, delay, ProbeCadence.PassesMatter(track.State))
            : null;
        probes.Follow(key, plan);
    }

    private void Observe(TunnelTrack track, TunnelFacts facts, DateTimeOffset now)
    {
        track.Facts = facts;
        Feed(track, new TunnelEvent.Observed(facts, now));
    }

    private void Feed(TunnelTrack track, TunnelEvent @event)
    {
        var step = TunnelLifecycle.Apply(track.State, @event, track.Context(policy));
        track.State = step.State;
        if (step.Recorded is { } entry)
        {
            track.History = track.History.Add(entry);
            LogTransition(logger, track.Name, step.State.Phase.ToString(), entry.Reason, entry.Message);
        }

        track.Pending.AddRange(step.Actions);
    }

    /// <summary>
    /// Reconnects and failovers the lifecycle asked for become the recovery step of the key's next
    /// pass (the latest wins: it names the peer the lifecycle now wants).
    /// </summary>
    private static void TakeRecoveries(TunnelTrack track)
    {
        foreach (var action in track.Pending)
        {
            track.Recovery = action switch
            {
                LifecycleAction.Reconnect reconnect => new TunnelRecovery(RecoveryKind.Reconnect, reconnect.PeerIndex),
                LifecycleAction.FailOver failOver => new TunnelRecovery(RecoveryKind.FailOver, failOver.ToPeerIndex),
                _ => track.Recovery,
            };
        }

        track.Pending.RemoveAll(action => action is LifecycleAction.Reconnect or LifecycleAction.FailOver);
    }

    /// <summary>Builds and deletes asked for before a full pass are what that pass does; only the rest stays pending.</summary>
    private static void DropBuildsThePassDoes(TunnelTrack? track) =>
        track?.Pending.RemoveAll(action => action is LifecycleAction.Build or LifecycleAction.Rebuild or LifecycleAction.Delete);

    /// <summary>
    /// Carries out what the key's lifecycle asked for; true when that needs a full pass (a build, or
    /// a recovery step: the pass plans and runs it).
    /// </summary>
    private async Task<bool> ExecuteAsync(TunnelTrack? track, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken)
    {
        if (track is null)
        {
            return false;
        }

        TakeRecoveries(track);
        var actions = track.Pending.ToList();
        track.Pending.Clear();
        var wantsFullPass = track.Recovery is not null;
        foreach (var action in actions)
        {
            switch (action)
            {
                case LifecycleAction.Build or LifecycleAction.Rebuild:
                    wantsFullPass = true;
                    break;
                case LifecycleAction.Delete:
                    // Undeclared tunnels are removed by the regular passes, and a removal that failed
                    // is retried with their backoff; asking for a pass here could spin.
                    break;
                case LifecycleAction.ChangeServer change:
                    await MarkUnhealthyAsync(track, change.FromServer, declared, cancellationToken).ConfigureAwait(false);
                    // The full pass resolves the tunnel again; its provider now avoids the server.
                    wantsFullPass = true;
                    break;
                case LifecycleAction.MarkBlocked blocked:
                    // Nothing to open or close: the namespace's only route is the tunnel, so while the
                    // tunnel is unusable the exit is closed, and it stays that way.
                    LogBlocked(logger, track.Name, blocked.Cause.Reason, blocked.Cause.Message);
                    break;
            }
        }

        return wantsFullPass;
    }

    private async Task MarkUnhealthyAsync(TunnelTrack track, string server, IReadOnlyList<ManifestObject> declared, CancellationToken cancellationToken)
    {
        if (declared.OfType<TunnelManifest>().FirstOrDefault(t => t.Name == track.Name) is not { } manifest)
        {
            return;
        }

        try
        {
            await reconciler.MarkUnhealthyAsync(manifest, server, cancellationToken).ConfigureAwait(false);
            LogServerMarked(logger, track.Name, server);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unmarked, the provider may pick the same server again: then it is reset in place,
            // and the ladder climbs on as it would with a single peer.
            track.Record(_time.GetUtcNow(), HistoryEventType.Warning, "MarkUnhealthyFailed", ex.Message);
            LogMarkFailed(logger, track.Name, server, ex.Message);
        }
    }

    private void UpdateConditions(string key, IReadOnlyList<ManifestObject> declared, KeySpec? spec, ObservedState observed, DateTimeOffset now)
    {
        var track = _tunnels.GetValueOrDefault(key);
        var readiness = _proxies.Update(key, declared, spec, observed, now);
        if (track is not null)
        {
            track.Conditions = TunnelConditions.Derive(
                track.Conditions, track.State, track.Facts, readiness, Math.Max(1, track.Generation), now);
            _tunnelShelf.Save(track);
        }

        _proxies.Derive(key, track?.Conditions.Find(ConditionTypes.TunnelUp), now);
        lock (_publishing)
        {
            // Whoever publishes last read every track after the others' changes: the board never goes back.
            board.Publish(_tunnels.Values, _proxies.Tracks);
        }

        FollowProbe(key, track, observed);
    }

    [LoggerMessage(1201, LogLevel.Information, "{Tunnel}: {Phase}: {Reason}: {Message}")]
    private static partial void LogTransition(ILogger logger, string tunnel, string phase, string reason, string message);

    [LoggerMessage(1202, LogLevel.Warning, "{Tunnel}: blocked ({Reason}: {Message}); the exit stays closed")]
    private static partial void LogBlocked(ILogger logger, string tunnel, string reason, string message);

    [LoggerMessage(1203, LogLevel.Warning, "{Tunnel}: configuring peer {Peer} failed: {Error}")]
    private static partial void LogSwitchFailed(ILogger logger, string tunnel, int peer, string error);

    [LoggerMessage(1204, LogLevel.Warning, "{Tunnel}: server {Server} marked unhealthy for this tunnel; resolving it again")]
    private static partial void LogServerMarked(ILogger logger, string tunnel, string server);

    [LoggerMessage(1205, LogLevel.Warning, "{Tunnel}: marking server {Server} unhealthy failed: {Error}")]
    private static partial void LogMarkFailed(ILogger logger, string tunnel, string server, string error);
}
