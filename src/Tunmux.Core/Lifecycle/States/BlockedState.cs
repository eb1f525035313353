using System.Globalization;

namespace Tunmux.Core.Lifecycle.States;

/// <summary>
/// The error state: the tunnel cannot be used, its exit is held closed (the entering transition
/// asks for <see cref="LifecycleAction.MarkBlocked"/>), and <see cref="Problem"/> says why. A
/// terminal block (an invalid spec, a build that can never work) waits for the spec
/// to change; any other retries the build at <see cref="RetryAt"/>.
/// </summary>
public sealed record BlockedState(Cause Problem, bool Terminal, int PeerIndex, int Failures, DateTimeOffset? RetryAt) : ITunnelState
{
    public static BlockedState UntilSpecChanges(Cause problem) => new(problem, true, 0, 0, null);

    public static BlockedState Retrying(Cause problem, int peerIndex, int failures, DateTimeOffset retryAt) =>
        new(problem, false, peerIndex, failures, retryAt);

    public TunnelPhase Phase => TunnelPhase.Blocked;

    public Cause Cause => Problem with
    {
        Message = RetryAt is { } retryAt
            ? string.Create(CultureInfo.InvariantCulture, $"{Problem.Message} (failure {Failures}, next try at {retryAt:u})")
            : $"{Problem.Message} (no retry until the spec changes)",
    };

    public DateTimeOffset? WakeAt => RetryAt;

    public Transition Next(TunnelEvent @event, LifecycleContext context)
    {
        if (SharedTransitions.ForSpecOrDelete(@event) is { } overridden)
        {
            return overridden;
        }

        var due = RetryAt is { } retryAt && @event is TunnelEvent.Tick or TunnelEvent.Observed && @event.At >= retryAt;
        return due
            ? Transition.To(ConnectingState.Building(PeerIndex, Failures), new LifecycleAction.Build(PeerIndex))
            : Transition.Stay(this);
    }
}
