using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Lifecycle;

/// <summary>Which peer a state means the tunnel to use, for the run loop that builds or reconnects it.</summary>
public static class StatePeers
{
    public static int PeerIndexOf(ITunnelState state) => state switch
    {
        ConnectingState connecting => connecting.PeerIndex,
        ConnectedState connected => connected.Ladder.PeerIndex,
        DegradedState degraded => degraded.Ladder.PeerIndex,
        ReconnectingState reconnecting => reconnecting.Ladder.PeerIndex,
        FailingOverState failingOver => failingOver.Ladder.PeerIndex,
        ChangingServerState changingServer => changingServer.Ladder.PeerIndex,
        BlockedState blocked => blocked.PeerIndex,
        _ => 0,
    };

    /// <summary>True while a build was asked for and its outcome (BuildSucceeded or BuildFailed) is awaited.</summary>
    public static bool AwaitsBuild(ITunnelState state) => state is ConnectingState { Window: null } or ChangingServerState { AwaitsBuild: true };
}
