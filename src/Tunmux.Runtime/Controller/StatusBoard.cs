using Tunmux.Runtime.Status;

namespace Tunmux.Runtime.Controller;

/// <summary>
/// The controller's conditions and events as one immutable snapshot, replaced whole after each
/// pass, so commands read a consistent picture without locking the control loop.
/// </summary>
public sealed class StatusBoard
{
    private LiveStatus _current = LiveStatus.Empty;
    private TaskCompletionSource _nextPublish = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveStatus Current => Volatile.Read(ref _current);

    /// <summary>
    /// Completes when the next snapshot is published, so a waiter hears changes instead of polling.
    /// Take it before reading <see cref="Current"/>: a publish in between then still wakes the waiter.
    /// </summary>
    public Task NextPublish => Volatile.Read(ref _nextPublish).Task;

    internal void Publish(IEnumerable<TunnelTrack> tunnels, IEnumerable<ProxyTrack> proxies)
    {
        Volatile.Write(ref _current, new LiveStatus(
            tunnels.ToDictionary(t => t.Name, t => new LiveObjectStatus(t.Generation, t.State.Phase.ToString(), t.Conditions, t.History.Entries) { SpecHash = t.Fingerprint }, StringComparer.Ordinal),
            proxies.ToDictionary(p => p.Name, p => new LiveObjectStatus(p.Generation, null, p.Conditions, p.History.Entries), StringComparer.Ordinal)));
        Interlocked.Exchange(ref _nextPublish, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
