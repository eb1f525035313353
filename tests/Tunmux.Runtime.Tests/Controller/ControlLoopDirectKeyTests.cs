using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Tunmux.Core.Lifecycle;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #9: a <c>mode: direct</c> key goes through the same loop as every other key: its pass is
/// direct mode's, its outcome reaches whoever waits (an apply --wait) and the error policy, and a
/// requeue it asks for is honoured after the delay, on the loop's clock.
/// </summary>
public sealed class ControlLoopDirectKeyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(ManualClock.DefaultStart);
    private readonly ControlLoopHarness _harness;

    public ControlLoopDirectKeyTests()
    {
        _harness = new(_clock)
        {
            Options = TestControlLoops.Options with { ResyncInterval = TimeSpan.FromHours(1) },
            WatchesFolder = false,
        };
    }

    private FakeExitDriver Host => _harness.Host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<ControlLoop> StartAsync(IDirectKeyReconciler? direct)
    {
        _harness.Direct = direct;
        return _harness.StartAsync();
    }

    private IReadOnlyList<Api.Model.ManifestObject> Direct(string name) => _harness.Objects(_harness.Tunnel(name, spec: "mode: direct"));

    [Fact]
    public async Task An_apply_with_wait_of_a_direct_tunnel_hears_direct_modes_outcome()
    {
        var direct = new FakeDirect(new KeyOutcome.Ready());
        var loop = await StartAsync(direct);

        var change = await loop.ApplyAsync(Direct("home"), prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Outcomes["home"].Should().BeOfType<KeyOutcome.Ready>();
        direct.Keys.Should().Equal("home");
        Host.MutatingCalls.Should().Be(0, "a direct tunnel has no namespace or proxy: the namespace reconciler never sees it");
        loop.Status["home"].Outcome.Should().BeOfType<KeyOutcome.Ready>();
    }

    [Fact]
    public async Task Without_direct_mode_a_waiter_still_hears_an_outcome_instead_of_hanging()
    {
        var loop = await StartAsync(direct: null);

        var change = await loop.ApplyAsync(Direct("home"), prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Outcomes["home"].Should().BeOfType<KeyOutcome.Unavailable>().Which.Reason.Should().Contain("direct mode");
    }

    [Fact]
    public async Task A_requeue_after_is_honoured_once_the_delay_has_passed_on_the_loops_clock()
    {
        var direct = new FakeDirect(new KeyOutcome.RequeueAfter(TimeSpan.FromSeconds(30), "waiting for a handshake"), new KeyOutcome.Ready());
        var loop = await StartAsync(direct);

        var change = await loop.ApplyAsync(Direct("home"), prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Outcomes["home"].Should().BeOfType<KeyOutcome.RequeueAfter>();
        var status = loop.Status["home"];
        status.Failures.Should().Be(0, "a requeue is not a failure");
        status.NextRetry.Should().Be(_clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        status.InBackoff(_clock.GetUtcNow()).Should().BeFalse("drift events must still reach a key that only asked for another look");

        _clock.Advance(TimeSpan.FromSeconds(29));
        direct.Keys.Should().HaveCount(1, "the delay has not passed");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.ThatAsync(() => direct.Keys.Count == 2, "the requeued pass");
        await Eventually.ThatAsync(() => loop.Status["home"].Outcome is KeyOutcome.Ready, "the requeued pass's outcome");
        loop.Status["home"].NextRetry.Should().BeNull();
    }

    /// <summary>Direct mode's phases map onto the closed set: a tunnel that waits for its handshake is a requeue, not a failure.</summary>
    [Fact]
    public void Direct_phases_map_onto_outcomes()
    {
        var awaiting = new Cause(LifecycleReasons.AwaitingHandshake, "waiting for a handshake with the server");
        DirectKeyOutcomes.Of("home", "home", (TunnelPhase.Connecting, awaiting)).Should().Be(new KeyOutcome.RequeueAfter(DirectKeyOutcomes.HandshakeRecheck, awaiting.Message));
        DirectKeyOutcomes.Of("home", "home", (TunnelPhase.Connected, new Cause(LifecycleReasons.HandshakeFresh, "recent handshake"))).Should().BeOfType<KeyOutcome.Ready>();
        DirectKeyOutcomes.Of("home", "home", (TunnelPhase.Blocked, new Cause(LifecycleReasons.BuildFailed, "no wg"))).Should().Be(new KeyOutcome.Failed("no wg"));
        DirectKeyOutcomes.Of("home", null, null).Should().BeOfType<KeyOutcome.Ready>("the key's direct tunnel is gone and was torn down");
        var position = new Api.Model.SourcePosition("d.yaml", 1, 1);
        DirectKeyOutcomes.Of("home", "home", null, [new Api.Model.ManifestError(position, "spec.provider", "unreachable") { Transient = true }]).Should().BeOfType<KeyOutcome.Unavailable>();
        DirectKeyOutcomes.Of("home", "home", null, [new Api.Model.ManifestError(position, "spec.wireguard", "bad key")]).Should().BeOfType<KeyOutcome.InvalidSpec>();
    }

    /// <summary>Direct mode as the loop sees it: answers the given outcomes in turn (the last one from then on).</summary>
    private sealed class FakeDirect(params KeyOutcome[] outcomes) : IDirectKeyReconciler
    {
        private readonly ConcurrentQueue<string> _keys = new();

        public IReadOnlyList<string> Keys => [.. _keys];

        public Task<KeyOutcome> ReconcileAsync(string key, CancellationToken cancellationToken)
        {
            _keys.Enqueue(key);
            return Task.FromResult(outcomes[Math.Min(_keys.Count, outcomes.Length) - 1]);
        }
    }
}
