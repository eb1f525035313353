using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tunmux.Api.Model;
using Tunmux.Core.Host;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The level-based control loop. Triggers (a manifest change, an apply, a process or
/// namespace that vanished, the periodic resync) only add keys to a de-duplicating queue;
/// <see cref="ControllerOptions.Workers"/> workers take keys from it and reconcile each against
/// the whole declared set; the queue never hands one key to two workers at once. Failures retry
/// with exponential backoff; an invalid spec waits for its manifest to change. Between full
/// passes, health checks (observe only) follow each tunnel's lifecycle: they come when a
/// handshake turns stale or a recovery deadline is due, and may reconnect or fail over.
/// </summary>
/// <remarks>
/// Hosting is the caller's: <see cref="StartAsync"/> starts the loop in the background,
/// <see cref="StopAsync"/> stops it (and tears down with <see cref="ControllerOptions.TeardownOnStop"/>).
/// </remarks>
public sealed partial class ControlLoop(
    ControllerOptions options,
    DeclaredSources sources,
    KeyReconciler reconciler,
    IExitDriver driver,
    RecordStore records,
    string namespacePrefix,
    ILogger<ControlLoop> logger,
    TimeProvider? time = null,
    StatusBoard? board = null,
    StatusStore? statuses = null,
    Func<Action<DriftSignal>, IDriftWatcher>? driftWatcher = null,
    IDirectKeyReconciler? direct = null) : IDisposable
{
    /// <summary>
    /// With kernel events for processes and namespaces, the poll only looks for declared objects
    /// without a record (a lost or corrupted record file), and this often at most.
    /// </summary>
    private static readonly TimeSpan RecordCheckInterval = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly WorkQueue _queue = new(time);
    private readonly ConcurrentDictionary<string, KeyStatus> _status = new(StringComparer.Ordinal);
    /// <summary>Keys whose next pass is a full one, with why it was asked for (logged with the pass and any rebuild it plans).</summary>
    private readonly ConcurrentDictionary<string, PassCauses> _fullPassWanted = new(StringComparer.Ordinal);
    private readonly KeyTimers _healthChecks = new(time ?? TimeProvider.System);
    private readonly KeyTimers _retries = new(time ?? TimeProvider.System);
    private ProbeScheduler? _probes;
    private CancellationTokenSource? _stopping;
    private Task? _running;
    private DriftDetector? _drift;
    private DriftFollower? _follower;
    private TunnelSupervisor? _supervisor;
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _firstRoundGate = new();
    private HashSet<string> _firstRoundPending = new(StringComparer.Ordinal);

    /// <summary>Completes once every key known at start has been reconciled once (then systemd hears READY=1).</summary>
    public Task FirstRound => _firstRound.Task;

    public IReadOnlyDictionary<string, KeyStatus> Status => _status;

    /// <summary>Conditions and events of every tunnel and proxy, for status commands.</summary>
    public StatusBoard Board { get; } = board ?? new StatusBoard();

    private DriftDetector Drift => _drift ??= new DriftDetector(driver, records, sources, namespacePrefix);

    private TunnelSupervisor Supervisor => _supervisor ??= new TunnelSupervisor(reconciler, options.Lifecycle, Board, logger, _time, statuses, Probes);

    /// <summary>Active probes run beside the worker; a result the lifecycle must hear puts the key on the queue.</summary>
    private ProbeScheduler Probes => _probes ??= new ProbeScheduler(driver, _queue.Add, logger, _time);

    /// <summary>Called after each reconcile, for metrics.</summary>
    public event Action<KeyReport>? Reconciled;

    /// <summary>Queues a full pass of the given keys, or of every known key.</summary>
    public void Trigger(IEnumerable<string>? keys = null) => RequestFullPass(keys ?? AllKeys(), "triggered");

    /// <summary>The running loop; it ends when the loop is stopped (or fails).</summary>
    public Task Completion => _running ?? Task.CompletedTask;

    /// <summary>Starts the loop; it runs until <see cref="StopAsync"/> or until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running = RunAsync(_stopping.Token);
        return _running.IsCompleted ? _running : Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping?.Dispose();
        _healthChecks.Dispose();
        _retries.Dispose();
        _probes?.Dispose();
        _follower?.Dispose();
    }

    private void RequestFullPass(IEnumerable<string> keys, string cause)
    {
        foreach (var key in keys)
        {
            _fullPassWanted.AddOrUpdate(key, _ => PassCauses.Of(cause), (_, causes) => causes.With(cause));
            _queue.Add(key);
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        sources.ReloadSources();
        RestoreStatus();
        // Watch what already runs (adopted exits) before the first round, so nothing is missed meanwhile.
        _follower = new DriftFollower(driftWatcher, OnDrift, records, namespacePrefix);
        _follower.Refresh();
        var initial = AllKeys();
        _firstRoundPending = initial.ToHashSet(StringComparer.Ordinal);
        RequestFullPass(initial, "start");
        using var watchers = WatchSources();

        var poller = PollAsync(stoppingToken);
        var resync = ResyncAsync(stoppingToken);
        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(stoppingToken)).ToList();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(poller, resync).ConfigureAwait(false);
    }

    /// <summary>Stops the loop and the probes, and tears down when asked to.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null || _stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        // Exits stay up by default, but nothing watches them until the next start.
        _probes?.Dispose();
        _follower?.Dispose();
        if (options.TeardownOnStop)
        {
            LogTeardown(logger);
            foreach (var key in AllKeys())
            {
                await reconciler.ReconcileAsync(key, [], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        // Off the caller's thread: every worker runs on the thread pool from its first step.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var key = await _queue.TakeAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await ReconcileKeyAsync(key, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                _queue.Done(key);
                FollowRecords();
                NoteFirstRound(key);
            }
        }
    }

    private void NoteFirstRound(string key)
    {
        lock (_firstRoundGate)
        {
            if (_firstRoundPending.Remove(key) && _firstRoundPending.Count == 0)
            {
                _firstRound.TrySetResult();
            }
        }
    }

    private async Task ReconcileKeyAsync(string key, CancellationToken stoppingToken)
    {
        if (sources.Current().Any(o => o is TunnelManifest { Spec.Mode: Core.Model.TunnelMode.Direct } && o.Name == key))
        {
            // No namespace or proxy lifecycle: direct mode reconciles the key, the loop does the rest.
            if (_fullPassWanted.TryRemove(key, out _))
            {
                await ReconcileDirectAsync(key, stoppingToken).ConfigureAwait(false);
            }

            return;
        }

        var fullPass = _fullPassWanted.TryRemove(key, out var causes) || key == ReconcileScope.Host;
        if (!fullPass)
        {
            await CheckHealthAsync(key, stoppingToken).ConfigureAwait(false);
            return;
        }

        // Whoever waits for this key from now on hears this pass's outcome (an apply with --wait).
        var askedBy = causes?.ToString() ?? (key == ReconcileScope.Host ? "orphan sweep" : "health check");
        LogPassStarts(logger, key, askedBy);
        var waiting = TakeWaiters(key);
        var declared = sources.Current();
        var (spec, report, outcome) = await FullPassAsync(key, declared, prepared: null, stoppingToken).ConfigureAwait(false);
        LogTunnelRebuilds(key, report, askedBy);
        try
        {
            if (spec is not null)
            {
                await FollowLifecycleAsync(key, () => Supervisor.AfterPassAsync(spec, report, declared, _time.GetUtcNow(), stoppingToken)).ConfigureAwait(false);
            }
        }
        finally
        {
            // After the lifecycle has published this pass's conditions: a waiter that reads them sees this pass, not the one before.
            Complete(waiting, outcome, report);
        }
    }

    /// <summary>
    /// Reconcile(key): resolve the key's objects (or take <paramref name="prepared"/>), let the
    /// lifecycle pick the peer, plan and run through the <see cref="KeyReconciler"/>, and note the
    /// outcome for the error policy. The daemon's worker and the one-shot apply both come here.
    /// </summary>
    /// <returns>The spec (null when the pass failed before it had one), the report and the outcome.</returns>
    private async Task<(KeySpec? Spec, KeyReport Report, KeyOutcome Outcome)> FullPassAsync(
        string key, IReadOnlyList<ManifestObject> declared, KeySpec? prepared, CancellationToken stoppingToken)
    {
        var previous = _status.GetValueOrDefault(key);
        KeySpec spec;
        KeyReport report;
        try
        {
            spec = prepared ?? await reconciler.PrepareAsync(key, declared, stoppingToken).ConfigureAwait(false);
            var request = Supervisor.BeforePass(spec, declared, _time.GetUtcNow());
            report = await reconciler.ApplyAsync(
                spec, stoppingToken, allowDeletes: !sources.StoredStateUnreadable, request.ActivePeer, request.Recovery).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(logger, key, ex.Message);
            var failed = new KeyOutcome.Failed(ex.Message);
            NoteOutcome(key, previous, new KeyReport(key), failed);
            return (null, new KeyReport(key), failed);
        }

        Reconciled?.Invoke(report);
        var outcome = KeyOutcome.Of(report);
        NoteOutcome(key, previous, report, outcome);
        return (spec, report, outcome);
    }

    /// <summary>A direct-mode key's pass: its outcome reaches waiters and the error policy like any other key's.</summary>
    private async Task ReconcileDirectAsync(string key, CancellationToken stoppingToken)
    {
        var waiting = TakeWaiters(key);
        var previous = _status.GetValueOrDefault(key);
        KeyOutcome outcome;
        try
        {
            outcome = direct is null
                ? new KeyOutcome.Unavailable("direct mode is not served by this control loop")
                : await direct.ReconcileAsync(key, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(logger, key, ex.Message);
            outcome = new KeyOutcome.Failed(ex.Message);
        }

        var report = new KeyReport(key) { InvalidSpec = outcome is KeyOutcome.InvalidSpec invalid ? invalid.Errors : [] };
        NoteOutcome(key, previous, report, outcome);
        Complete(waiting, outcome, report);
    }

    /// <summary>Logs the outcome, records it in the key's status and lets the <see cref="ErrorPolicy"/> schedule what follows.</summary>
    private void NoteOutcome(string key, KeyStatus? previous, KeyReport report, KeyOutcome outcome)
    {
        switch (outcome)
        {
            case KeyOutcome.InvalidSpec invalid:
                foreach (var error in invalid.Errors)
                {
                    LogInvalidSpec(logger, key, error.ToString());
                }

                break;
            case KeyOutcome.Unavailable:
                // The manifests are fine but their provider could not be asked: repairs that need no
                // answer were made with the last resolved spec; the rest waits for the retry.
                foreach (var error in report.Unavailable)
                {
                    LogProviderUnavailable(logger, key, error.Message);
                }

                break;
        }

        var now = _time.GetUtcNow();
        var decision = ErrorPolicy.Decide(outcome, previous?.Failures ?? 0);
        _status[key] = new KeyStatus(key, report, decision.Failures, decision.RetryIn is { } due ? now + due : null, now) { Outcome = outcome };
        if (decision.RetryIn is { } delay)
        {
            LogRetry(logger, key, report.FailureReason ?? "error", delay.TotalSeconds);
            _retries.Schedule(key, delay, k => RequestFullPass([k], $"retry after {outcome.GetType().Name}"));
        }
    }

    /// <summary>A health check: observe the key's tunnel and let its lifecycle act (reconnect, fail over).</summary>
    private Task CheckHealthAsync(string key, CancellationToken stoppingToken) =>
        FollowLifecycleAsync(key, () => Supervisor.CheckAsync(key, sources.Current(), stoppingToken));

    /// <summary>
    /// Runs one lifecycle step, then plans the next look: a full pass at once when the lifecycle
    /// asked for a (re)build (unless the key waits out a backoff) or for a recovery step (a
    /// reconnect does not wait for a backoff, as the lifecycle's own deadlines run), and a health
    /// check when due.
    /// </summary>
    private async Task FollowLifecycleAsync(string key, Func<Task<bool>> step)
    {
        try
        {
            if (await step().ConfigureAwait(false)
                && (Supervisor.RecoveryPending(key) || !(_status.GetValueOrDefault(key)?.InBackoff(_time.GetUtcNow()) ?? false)))
            {
                RequestFullPass([key], Supervisor.RecoveryPending(key) ? "lifecycle: recovery step" : "lifecycle: build");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A health step must never stop the loop; the next pass tries again.
            LogHealthFailed(logger, key, ex.Message);
        }

        var now = _time.GetUtcNow();
        if (Supervisor.NextCheck(key, now) is { } due)
        {
            _healthChecks.Schedule(key, due - now, _queue.Add);
        }
    }

    /// <summary>Points the drift watcher at what the pass left recorded; never stops the loop.</summary>
    private void FollowRecords()
    {
        try
        {
            _follower?.Refresh();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The poll and the resync still find what the watcher would have reported.
            LogWatchFailed(logger, ex.Message);
        }
    }

    /// <summary>A kernel event says a key's process exited or its namespace changed: look at it now, unless it waits out a backoff.</summary>
    private void OnDrift(DriftSignal signal)
    {
        // What the watcher lost may be there again (a namespace made anew under its name): the pass's refresh looks.
        _follower?.LookAgain();
        if (_status.GetValueOrDefault(signal.Key)?.InBackoff(_time.GetUtcNow()) ?? false)
        {
            return;
        }

        LogDrift(logger, signal.Key, signal.Reason);
        RequestFullPass([signal.Key], signal.Reason);
    }

    /// <summary>
    /// Cheap drift detection between resyncs: a namespace that vanished, a wireguard-go, a proxy
    /// worker or a port keeper that exited. Only /run and /proc are read; a full inspection
    /// happens when the key is reconciled. While a watcher reports those through kernel events,
    /// only records are checked (a lost or corrupted record file has no event).
    /// </summary>
    private async Task PollAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // With kernel events for processes and namespaces there is only the record check left:
                // sleep until it is due instead of waking every poll interval to skip it.
                var eventDriven = _follower?.EventDriven ?? false;
                await Task.Delay(eventDriven && options.PollInterval < RecordCheckInterval ? RecordCheckInterval : options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                var drifted = Drift.Find(_status, _time.GetUtcNow(), recordsOnly: _follower?.EventDriven ?? false);
                if (drifted.Count > 0)
                {
                    RequestFullPass(drifted, "drift poll");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ResyncInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                sources.ReloadSources();
                RequestFullPass(AllKeys(), "resync");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Every source that offers events reloads itself on a change; the loop then reconciles everything.</summary>
    private SourceWatches WatchSources() =>
        new([.. sources.Sources.Select(source => source.Watch(() =>
        {
            LogFolderChanged(logger, source.Name);
            foreach (var error in source.Errors)
            {
                LogInvalidSpec(logger, ReconcileScope.KeyOf(error), error.ToString());
            }

            RequestFullPass(AllKeys(), $"source {source.Name} changed");
        }))]);

    private sealed class SourceWatches(IReadOnlyList<IDisposable?> watches) : IDisposable
    {
        public void Dispose()
        {
            foreach (var watch in watches)
            {
                watch?.Dispose();
            }
        }
    }

    /// <summary>Conditions, events and generations saved by a previous daemon, for the objects that still exist.</summary>
    private void RestoreStatus()
    {
        var declared = sources.Current();
        var tunnels = declared.OfType<TunnelManifest>().Select(t => t.Name).Concat(records.LoadTunnels().Records.Select(r => r.Name));
        var proxies = declared.OfType<ProxyManifest>().Select(p => p.Name).Concat(records.LoadProxies().Records.Select(r => r.Name));
        Supervisor.Restore(tunnels.ToHashSet(StringComparer.Ordinal), proxies.ToHashSet(StringComparer.Ordinal));
    }

    private IReadOnlyList<string> AllKeys() => AllKeys(sources.Current());

    /// <summary>Every key <paramref name="declared"/> and the records mention.</summary>
    private IReadOnlyList<string> AllKeys(IReadOnlyList<ManifestObject> declared)
    {
        return ReconcileScope.KeysOf(
            declared,
            records.LoadTunnels().Records.Select(r => r.Name).Concat(records.LoadPortForwards().Records.Select(r => r.Name)),
            records.LoadProxies().Records.Select(r => r.TunnelRef));
    }

    [LoggerMessage(1001, LogLevel.Warning, "{Key}: reconcile failed: {Message}")]
    private static partial void LogPassFailed(ILogger logger, string key, string message);

    [LoggerMessage(1002, LogLevel.Error, "{Key}: invalid spec, left as it is until its manifest changes: {Error}")]
    private static partial void LogInvalidSpec(ILogger logger, string key, string error);

    [LoggerMessage(1007, LogLevel.Warning, "{Key}: the provider could not be asked: {Error}; repairs that need no answer use the last resolved spec")]
    private static partial void LogProviderUnavailable(ILogger logger, string key, string error);

    [LoggerMessage(1003, LogLevel.Warning, "{Key}: {Reason}; retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string key, string reason, double seconds);

    [LoggerMessage(1004, LogLevel.Information, "manifests in {Directory} changed")]
    private static partial void LogFolderChanged(ILogger logger, string directory);

    [LoggerMessage(1005, LogLevel.Information, "stopping with --teardown-on-stop: removing every exit")]
    private static partial void LogTeardown(ILogger logger);

    [LoggerMessage(1006, LogLevel.Warning, "{Key}: health check failed: {Message}")]
    private static partial void LogHealthFailed(ILogger logger, string key, string message);

    [LoggerMessage(1008, LogLevel.Debug, "{Key}: {Reason}")]
    private static partial void LogDrift(ILogger logger, string key, string reason);

    /// <summary>
    /// Every tunnel a pass built, rebuilt or removed, with the planner's reason, what the host showed
    /// and what asked for the pass: a rebuild of a tunnel that served can be traced to its cause.
    /// </summary>
    private void LogTunnelRebuilds(string key, KeyReport report, string askedBy)
    {
        if (report.Execution is null)
        {
            return;
        }

        foreach (var change in report.Plan?.Changes ?? [])
        {
            if (change is CreateTunnel or ReplaceTunnel or DeleteTunnel or DeleteOrphanNamespace or DeleteOrphanInterface)
            {
                var before = report.Before?.Tunnels.FirstOrDefault(t => t.Record.Name == change.Name);
                LogTunnelChange(logger, key, change.Action.ToString().ToLowerInvariant(), change.Name, change.Reason, ObservedTunnelText.Of(before), askedBy);
            }
        }
    }

    [LoggerMessage(1020, LogLevel.Debug, "{Key}: pass starts (asked by: {Causes})")]
    private static partial void LogPassStarts(ILogger logger, string key, string causes);

    [LoggerMessage(1021, LogLevel.Information, "{Key}: tunnel {Tunnel}: {Action} ({Reason}); observed {Observed}; pass asked by: {Causes}")]
    private static partial void LogTunnelChange(ILogger logger, string key, string action, string tunnel, string reason, string observed, string causes);

    [LoggerMessage(1009, LogLevel.Warning, "drift events could not follow the records: {Message}; polling still looks")]
    private static partial void LogWatchFailed(ILogger logger, string message);
}
