namespace Tunmux.Core.Lifecycle;

/// <summary>
/// Where a tunnel stands in recovery: the peer it uses and how many reconnects that peer has had
/// since it was chosen. Each rung up is a reconnect, until the peer has had its share; then the
/// next peer takes over (after the last comes the first) with a fresh count.
/// </summary>
public sealed record RecoveryLadder(int PeerIndex, int Reconnects)
{
    public static RecoveryLadder StartAt(int peerIndex) => new(peerIndex, 0);

    public (RecoveryLadder Next, LifecycleAction Action) Climb(int reconnectsBeforeFailover, int peerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(peerCount, 1);
        var peer = PeerIndex % peerCount;
        if (Reconnects < reconnectsBeforeFailover)
        {
            return (new RecoveryLadder(peer, Reconnects + 1), new LifecycleAction.Reconnect(peer, ReResolveEndpoint: true));
        }

        var next = (peer + 1) % peerCount;
        return (StartAt(next), new LifecycleAction.FailOver(peer, next));
    }
}
