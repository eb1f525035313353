using Microsoft.Extensions.Logging;
using Tunmux.Core.Host;
using Tunmux.Core.Lifecycle;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// Runs each tunnel's active probe on its own timer, off the controller's single worker, so a
/// probe waiting for its timeout never holds up reconciling. Probes of different tunnels run at
/// the same time; one tunnel has at most one probe under way. Outcomes are counted here
/// (<see cref="ProbeStreak"/>); what the lifecycle must hear is kept for the key and the key is
/// put on the controller's queue, whose worker collects it with <see cref="Drain"/>.
/// </summary>
public sealed partial class ProbeScheduler(IExitDriver driver, Action<string> wake, ILogger logger, TimeProvider? time = null) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private bool _disposed;

    /// <summary>
    /// Called by the worker after every lifecycle step: what to probe now, or null to stop (not
    /// built, blocked, deleted, or no probe declared). A plan that probes something else starts a
    /// new count; a shorter delay brings the next probe forward.
    /// </summary>
    internal void Follow(string key, ProbePlan? plan)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _tracks.TryGetValue(key, out var track);
            if (plan is null)
            {
                if (track is not null)
                {
                    _tracks.Remove(key);
                    track.Stop();
                }

                return;
            }

            if (track is null || plan.Replaces(track.Plan))
            {
                track?.Stop();
                _tracks[key] = track = new Track(key, plan) { LastEnded = _time.GetTimestampTime() };
                Schedule(track, TimeSpan.Zero);
                return;
            }

            track.Plan = plan;
            if (!track.Running && track.LastEnded + plan.Delay < track.DueAt)
            {
                Schedule(track, track.LastEnded + plan.Delay - _time.GetTimestampTime());
            }
        }
    }

    /// <summary>The probe results the lifecycle has not heard yet, oldest first.</summary>
    public IReadOnlyList<TunnelEvent.ProbeResult> Drain(string key)
    {
        lock (_gate)
        {
            if (!_tracks.TryGetValue(key, out var track) || track.Inbox.Count == 0)
            {
                return [];
            }

            var drained = track.Inbox.ToList();
            track.Inbox.Clear();
            return drained;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var track in _tracks.Values)
            {
                track.Stop();
            }

            _tracks.Clear();
        }
    }

    /// <summary>Called with the lock held.</summary>
    private void Schedule(Track track, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        track.Timer?.Dispose();
        track.DueAt = _time.GetTimestampTime() + delay;
        track.Timer = _time.CreateTimer(_ => Start(track), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Start(Track track)
    {
        ProbePlan plan;
        lock (_gate)
        {
            if (!IsCurrent(track) || track.Running)
            {
                return;
            }

            track.Running = true;
            plan = track.Plan;
        }

        _ = RunAsync(track, plan);
    }

    private async Task RunAsync(Track track, ProbePlan plan)
    {
        ProbeOutcome outcome;
        try
        {
            outcome = await driver.ProbeAsync(plan.Tunnel, plan.Settings, track.Stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (track.Stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // The seam promises outcomes, not exceptions; should one escape, it is still a failed probe.
            outcome = ProbeOutcome.Failed(ex.Message);
        }

        TunnelEvent.ProbeResult? report;
        int failures;
        lock (_gate)
        {
            if (!IsCurrent(track))
            {
                return;
            }

            (track.Streak, report) = track.Streak.Record(outcome, track.Plan.Settings, track.Plan.PassesMatter, _time.GetUtcNow());
            failures = track.Streak.Failures;
            if (report is not null)
            {
                track.Inbox.Add(report);
            }

            track.Running = false;
            track.LastEnded = _time.GetTimestampTime();
            Schedule(track, track.Plan.Delay);
        }

        if (!outcome.Ok && failures <= plan.Settings.FailureThreshold)
        {
            // Up to the threshold only: past it the lifecycle's own log says what goes on, and a
            // recovering tunnel is probed every few seconds.
            LogProbeFailed(logger, track.Key, plan.Settings.Target.Description, outcome.Detail, failures);
        }

        if (report is not null)
        {
            wake(track.Key);
        }
    }

    private bool IsCurrent(Track track) => !_disposed && _tracks.TryGetValue(track.Key, out var current) && current == track;

    [LoggerMessage(1301, LogLevel.Information, "{Tunnel}: probe of {Target} failed: {Detail} ({Failures} in a row)")]
    private static partial void LogProbeFailed(ILogger logger, string tunnel, string target, string detail, int failures);

    /// <summary>One tunnel's probing; every field is guarded by the scheduler's lock.</summary>
    private sealed class Track(string key, ProbePlan plan)
    {
        public string Key { get; } = key;

        public ProbePlan Plan { get; set; } = plan;

        public ProbeStreak Streak { get; set; } = ProbeStreak.None;

        public List<TunnelEvent.ProbeResult> Inbox { get; } = [];

        public bool Running { get; set; }

        /// <summary>Monotonic time the last probe ended (the start, before the first).</summary>
        public TimeSpan LastEnded { get; set; }

        public TimeSpan DueAt { get; set; } = TimeSpan.MaxValue;

        public ITimer? Timer { get; set; }

        public CancellationTokenSource Stopping { get; } = new();

        public void Stop()
        {
            Timer?.Dispose();
            Stopping.Cancel();
        }
    }
}

/// <summary>The monotonic clock as a time span, for due times that must not move when the wall clock is set.</summary>
internal static class MonotonicTime
{
    public static TimeSpan GetTimestampTime(this TimeProvider time) =>
        TimeSpan.FromSeconds(time.GetTimestamp() / (double)time.TimestampFrequency);
}
