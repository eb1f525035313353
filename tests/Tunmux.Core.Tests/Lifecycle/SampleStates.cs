using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>One example of every state, for tests that must hold in all of them.</summary>
internal static class SampleStates
{
    private static readonly Cause Stale = new(LifecycleReasons.HandshakeStale, "the latest handshake was 200 s ago");
    private static readonly HandshakeWindow Window = HandshakeWindow.Starting(Clock.T(0), TimeSpan.FromSeconds(30));

    public static IReadOnlyDictionary<string, ITunnelState> Live { get; } = new Dictionary<string, ITunnelState>
    {
        ["pending"] = TunnelLifecycle.Initial,
        ["building"] = ConnectingState.Building(1, 0),
        ["awaiting handshake"] = new ConnectingState(1, 0, Window),
        ["connected"] = new ConnectedState(new RecoveryLadder(1, 1), Clock.T(0)),
        ["degraded"] = new DegradedState(new RecoveryLadder(1, 0), Clock.T(0), new HealthSignals(Stale, null), Clock.T(10)),
        ["reconnecting"] = new ReconnectingState(new RecoveryLadder(1, 2), Window, Clock.T(0), Stale),
        ["failing over"] = new FailingOverState(new RecoveryLadder(1, 0), 0, Window, Clock.T(0), Stale),
        ["changing server, asking"] = ChangingServerState.Asking(new RecoveryLadder(0, 0), "CH#1", Clock.T(0), Stale),
        ["changing server, rebuilding"] = new ChangingServerState(new RecoveryLadder(0, 0), "CH#1", "CH#2", null, Clock.T(0), Stale),
        ["changing server, awaiting handshake"] = new ChangingServerState(new RecoveryLadder(0, 0), "CH#1", "CH#2", Window, Clock.T(0), Stale),
        ["blocked for good"] = BlockedState.UntilSpecChanges(new Cause(LifecycleReasons.InvalidSpec, "the spec is invalid: no peers")),
        ["blocked, retrying"] = BlockedState.Retrying(new Cause(LifecycleReasons.BuildFailed, "the build failed: busy"), 1, 2, Clock.T(4)),
    };

    public static TheoryData<string> LiveNames => new(Live.Keys);
}
