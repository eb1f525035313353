using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tunmux.Api;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
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
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-direct-key-").FullName;
    private readonly FakeExitDriver _host = new();
    private readonly FakeTimeProvider _clock = new(ManualClock.DefaultStart);
    private readonly CancellationTokenSource _stop = new();
    private ControlLoop? _loop;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            await _loop.StopAsync(CancellationToken.None);
            _loop.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    private string DirectTunnel(string name) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: {name}{"}"}
        spec:
          mode: direct
          wireguard:
            privateKeyFile: {Path.Combine(_root, "client.key")}
            addresses: [10.66.1.2/32]
            peer: {"{"}publicKey: {PeerKey}, endpoint: "198.18.1.2:51820", allowedIPs: [0.0.0.0/0]{"}"}

        """;

    private async Task<ControlLoop> StartAsync(IDirectKeyReconciler? direct)
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "client.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
        var paths = new TunmuxPaths(Path.Combine(_root, "state"), Path.Combine(_root, "run"), new HostNaming(), "tmuxlab_");
        _loop = new ControlLoop(
            new ControllerOptions { PollInterval = TimeSpan.FromMilliseconds(50), ResyncInterval = TimeSpan.FromHours(1) },
            new DeclaredSources(new DeclaredStateStore(paths), null),
            new KeyReconciler(paths, _host, time: _clock),
            _host,
            new RecordStore(paths),
            paths.Naming.NamespacePrefix,
            NullLogger<ControlLoop>.Instance,
            _clock,
            direct: direct);
        await _loop.StartAsync(_stop.Token);
        await _loop.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
        return _loop;
    }

    private ManifestObjects Direct(string name) => new(ManifestLoader.LoadText(DirectTunnel(name), "direct.yaml", _root).Objects);

    [Fact]
    public async Task An_apply_with_wait_of_a_direct_tunnel_hears_direct_modes_outcome()
    {
        var direct = new FakeDirect(new KeyOutcome.Ready());
        var loop = await StartAsync(direct);

        var change = await loop.ApplyAsync(Direct("home").Objects, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Outcomes["home"].Should().BeOfType<KeyOutcome.Ready>();
        direct.Keys.Should().Equal("home");
        _host.MutatingCalls.Should().Be(0, "a direct tunnel has no namespace or proxy: the namespace reconciler never sees it");
        loop.Status["home"].Outcome.Should().BeOfType<KeyOutcome.Ready>();
    }

    [Fact]
    public async Task Without_direct_mode_a_waiter_still_hears_an_outcome_instead_of_hanging()
    {
        var loop = await StartAsync(direct: null);

        var change = await loop.ApplyAsync(Direct("home").Objects, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Outcomes["home"].Should().BeOfType<KeyOutcome.Unavailable>().Which.Reason.Should().Contain("direct mode");
    }

    [Fact]
    public async Task A_requeue_after_is_honoured_once_the_delay_has_passed_on_the_loops_clock()
    {
        var direct = new FakeDirect(new KeyOutcome.RequeueAfter(TimeSpan.FromSeconds(30), "waiting for a handshake"), new KeyOutcome.Ready());
        var loop = await StartAsync(direct);

        var change = await loop.ApplyAsync(Direct("home").Objects, prune: false, wait: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        change.Outcomes["home"].Should().BeOfType<KeyOutcome.RequeueAfter>();
        var status = loop.Status["home"];
        status.Failures.Should().Be(0, "a requeue is not a failure");
        status.NextRetry.Should().Be(_clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        status.InBackoff(_clock.GetUtcNow()).Should().BeFalse("drift events must still reach a key that only asked for another look");

        _clock.Advance(TimeSpan.FromSeconds(29));
        direct.Keys.Should().HaveCount(1, "the delay has not passed");

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => direct.Keys.Count == 2, "the requeued pass");
        await Until(() => loop.Status["home"].Outcome is KeyOutcome.Ready, "the requeued pass's outcome");
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

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), $"waiting for {what}");
            await Task.Delay(20);
        }
    }

    private sealed record ManifestObjects(IReadOnlyList<Api.Model.ManifestObject> Objects);

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
