using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.States;
using Tunmux.Core.Observed;

namespace Tunmux.Core.Tests.Lifecycle;

/// <summary>
/// Long seeded random walks through the machine, checking after every event the rules that must
/// hold whatever happens: the exit is never opened, a block is always enforced, a terminal block
/// and a deletion are final, and every action names a real peer. Plain WireGuard walks have three
/// peers; provider walks one peer, their server, and fail over by asking for another server.
/// </summary>
public sealed class LifecycleInvariantTests
{
    private const int PeerCount = 3;
    private static readonly string?[] Servers = ["CH#1", "CH#2", null];

    /// <summary>The only kinds of action there are; none of them opens a path outside the tunnel.</summary>
    private static readonly Type[] TunnelScopedActions =
    [
        typeof(LifecycleAction.Build), typeof(LifecycleAction.Rebuild), typeof(LifecycleAction.Reconnect),
        typeof(LifecycleAction.FailOver), typeof(LifecycleAction.ChangeServer), typeof(LifecycleAction.MarkBlocked),
        typeof(LifecycleAction.Delete),
    ];

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    public void Safety_rules_hold_on_a_long_random_walk(int seed, bool provider)
    {
        var random = new Random(seed);
        var peerCount = provider ? 1 : PeerCount;
        var context = Contexts.WithPeers(peerCount, Contexts.Policy with
        {
            // One reconnect per peer, so that random walks reach failovers often.
            ReconnectsBeforeFailover = 1,
            BuildBackoff = Backoff.Default with { JitterSeed = "walk" },
        }) with { Server = provider ? "CH#1" : null };
        var state = TunnelLifecycle.Initial;
        var now = Clock.Origin;
        var lastHandshake = (DateTimeOffset?)null;
        var visited = new HashSet<TunnelPhase>();

        for (var step = 0; step < 5_000; step++)
        {
            now = now.AddSeconds(random.Next(0, 40));
            if (random.Next(8) == 0)
            {
                lastHandshake = now.AddSeconds(-random.Next(0, 5));
            }

            var @event = RandomEvent(random, now, lastHandshake, provider);
            var (next, actions) = TunnelLifecycle.Apply(state, @event, context);

            actions.Count.Should().BeLessThanOrEqualTo(1, "each event leads to at most one host change");
            foreach (var action in actions)
            {
                TunnelScopedActions.Should().Contain(action.GetType());
                NamesARealPeer(action, peerCount).Should().BeTrue($"{action} must name one of the {peerCount} peers");
                if (!provider)
                {
                    action.Should().NotBeOfType<LifecycleAction.ChangeServer>("only provider tunnels have servers to change");
                }
            }

            if (actions.Any(a => a is LifecycleAction.ChangeServer))
            {
                next.Should().BeOfType<ChangingServerState>().Which.To.Should().BeNull();
            }

            if (next is BlockedState && !ReferenceEquals(next, state))
            {
                actions.Should().Equal([new LifecycleAction.MarkBlocked(next.Cause)], "entering the error state enforces the block");
            }

            if (state is BlockedState { Terminal: true } && @event is not (TunnelEvent.SpecChanged or TunnelEvent.DeleteRequested))
            {
                next.Should().BeSameAs(state);
                actions.Should().BeEmpty();
            }

            if (state is DeletingState)
            {
                next.Should().BeSameAs(state);
                actions.Where(a => a is not LifecycleAction.Delete).Should().BeEmpty();
                // Declared again: a new lifecycle starts, as the daemon would do.
                next = TunnelLifecycle.Initial;
            }

            visited.Add(next.Phase);
            state = next;
        }

        visited.Should().BeEquivalentTo(Enum.GetValues<TunnelPhase>(), "the walk must reach every state to prove anything");
    }

    private static bool NamesARealPeer(LifecycleAction action, int peerCount)
    {
        bool InRange(int peer) => peer >= 0 && peer < peerCount;
        return action switch
        {
            LifecycleAction.Build build => InRange(build.PeerIndex),
            LifecycleAction.Rebuild rebuild => InRange(rebuild.PeerIndex),
            LifecycleAction.Reconnect reconnect => InRange(reconnect.PeerIndex),
            LifecycleAction.FailOver failOver => InRange(failOver.FromPeerIndex) && InRange(failOver.ToPeerIndex),
            _ => true,
        };
    }

    private static TunnelEvent RandomEvent(Random random, DateTimeOffset now, DateTimeOffset? lastHandshake, bool provider) => random.Next(provider ? 110 : 100) switch
    {
        < 40 => new TunnelEvent.Observed(RandomFacts(random, lastHandshake), now),
        < 55 => new TunnelEvent.Tick(now),
        < 65 => new TunnelEvent.BuildSucceeded(now),
        < 72 => new TunnelEvent.BuildFailed("boom", Transient: random.Next(4) != 0, now),
        < 90 => new TunnelEvent.ProbeResult(random.Next(2) == 0, null, now),
        < 97 => new TunnelEvent.SpecChanged(random.Next(3) == 0 ? "bad spec" : null, now),
        < 100 => new TunnelEvent.DeleteRequested(now),
        _ => new TunnelEvent.ServerResolved(Servers[random.Next(Servers.Length)], now),
    };

    private static TunnelFacts RandomFacts(Random random, DateTimeOffset? lastHandshake) => random.Next(10) switch
    {
        0 => Facts.Gone,
        1 => Facts.NoRoute(lastHandshake),
        _ => Facts.Up(lastHandshake),
    };
}
