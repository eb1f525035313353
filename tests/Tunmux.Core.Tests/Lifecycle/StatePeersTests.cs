using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;

namespace Tunmux.Core.Tests.Lifecycle;

public sealed class StatePeersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_state_names_the_peer_it_means_to_use()
    {
        var window = HandshakeWindow.Starting(T0, TimeSpan.FromSeconds(30));
        var problem = new Cause(LifecycleReasons.HandshakeStale, "stale");

        StatePeers.PeerIndexOf(TunnelLifecycle.Initial).Should().Be(0);
        StatePeers.PeerIndexOf(ConnectingState.Building(2, 0)).Should().Be(2);
        StatePeers.PeerIndexOf(new ConnectedState(new RecoveryLadder(1, 0), T0)).Should().Be(1);
        StatePeers.PeerIndexOf(new ReconnectingState(new RecoveryLadder(1, 1), window, T0, problem)).Should().Be(1);
        StatePeers.PeerIndexOf(new FailingOverState(new RecoveryLadder(2, 0), 1, window, T0, problem)).Should().Be(2);
        StatePeers.PeerIndexOf(BlockedState.Retrying(problem, 1, 1, T0)).Should().Be(1);
        StatePeers.PeerIndexOf(new ChangingServerState(new RecoveryLadder(0, 0), "CH#1", "CH#2", window, T0, problem)).Should().Be(0);
    }

    [Fact]
    public void Only_a_build_under_way_awaits_its_outcome()
    {
        StatePeers.AwaitsBuild(ConnectingState.Building(0, 0)).Should().BeTrue();
        StatePeers.AwaitsBuild(new ConnectingState(0, 0, HandshakeWindow.Starting(T0, TimeSpan.FromSeconds(30)))).Should().BeFalse();
        StatePeers.AwaitsBuild(TunnelLifecycle.Initial).Should().BeFalse();
        var problem = new Cause(LifecycleReasons.HandshakeStale, "stale");
        StatePeers.AwaitsBuild(new ChangingServerState(new RecoveryLadder(0, 0), "CH#1", "CH#2", null, T0, problem)).Should().BeTrue("a rebuild on the new server");
        StatePeers.AwaitsBuild(ChangingServerState.Asking(new RecoveryLadder(0, 0), "CH#1", T0, problem)).Should().BeFalse("the new server is not known yet");
    }
}
