using Tunmux.Core.Host;
using Tunmux.Core.State;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// The control loop with a drift watcher that reports through events: it points the watcher at
/// what the records say runs, a signal queues its key at once (no poll runs: both the poll and the
/// resync are ten minutes apart here), and it keeps following the records as passes replace processes.
/// </summary>
public sealed class ControlLoopDriftEventTests : IAsyncLifetime
{
    private readonly FakeDriftWatcher _watcher = new();
    private readonly ControlLoopHarness _harness;

    public ControlLoopDriftEventTests()
    {
        _harness = new()
        {
            Options = TestControlLoops.Options with { PollInterval = TimeSpan.FromMinutes(10), ResyncInterval = TimeSpan.FromMinutes(10) },
            DriftWatcher = _watcher.Start,
        };
    }

    private FakeExitDriver Host => _harness.Host;

    public async Task InitializeAsync() => await _harness.StartAsync(_harness.Exit("a") + _harness.Exit("b"));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>The tunnel's proxy record; null while a pass is replacing it.</summary>
    private ProxyRecord? ProxyOf(string tunnel) => new RecordStore(_harness.Paths).LoadProxies().Records.SingleOrDefault(r => r.TunnelRef == tunnel);

    [Fact]
    public async Task The_watcher_follows_every_recorded_process_and_namespace_under_its_key()
    {
        await Eventually.ThatAsync(() => _watcher.Targets.Namespaces.Count == 2, "both namespaces to be watched");

        _watcher.Targets.Namespaces.Should().BeEquivalentTo(new Dictionary<string, string> { ["tunmux_a"] = "a", ["tunmux_b"] = "b" });
        _watcher.Targets.Processes.Should().Contain(ProxyOf("a")!.Process, "a").And.Contain(ProxyOf("b")!.Process, "b");
    }

    [Fact]
    public async Task A_reported_exit_is_repaired_at_once_and_the_new_worker_is_watched_instead()
    {
        var dead = ProxyOf("a")!.Process;
        Host.LivePids.Remove(dead.Pid);
        var callsBefore = Host.Calls.Count;

        _watcher.Raise(new DriftSignal("a", $"process {dead.Pid} exited"));

        await Eventually.ThatAsync(() => ProxyOf("a") is { } now && now.Process != dead && Host.IsAlive(now.Process), "the worker to be restarted");
        var replacement = ProxyOf("a")!.Process;
        await Eventually.ThatAsync(() => _watcher.Targets.Processes.ContainsKey(replacement), "the new worker to be watched");
        _watcher.Targets.Processes.Should().NotContainKey(dead);
        Host.Calls.Skip(callsBefore).Where(c => !c.StartsWith("inspect", StringComparison.Ordinal))
            .Should().Contain("start proxy a").And.OnlyContain(c => c.EndsWith(" a", StringComparison.Ordinal), "only the reported key was touched");
    }

    [Fact]
    public async Task A_signal_about_an_exit_that_is_fine_changes_nothing()
    {
        var mutations = Host.MutatingCalls;
        var reconciled = 0;
        _harness.Loop.Reconciled += _ => Interlocked.Increment(ref reconciled);

        _watcher.Raise(new DriftSignal("b", "namespace tunmux_b: a route was removed"));

        await Eventually.ThatAsync(() => Volatile.Read(ref reconciled) >= 1, "the key to be reconciled");
        Host.MutatingCalls.Should().Be(mutations, "the pass found nothing to repair");
    }

    /// <summary>
    /// A watcher drops a namespace it lost. When the loss reaches it after the pass that made the
    /// namespace again under the same name had already refreshed it, no record changes any more:
    /// the signal itself must make the loop point the watcher at the records again, or the new
    /// namespace is never watched.
    /// </summary>
    [Fact]
    public async Task After_a_signal_the_watcher_is_pointed_at_the_records_again_though_no_record_changed()
    {
        await Eventually.ThatAsync(() => _watcher.Targets.Namespaces.Count == 2, "both namespaces to be watched");
        var watches = _watcher.WatchCalls;

        _watcher.Raise(new DriftSignal("b", "namespace tunmux_b deleted"));

        await Eventually.ThatAsync(() => _watcher.WatchCalls > watches, "the watcher to be pointed at the records again");
        _watcher.Targets.Namespaces.Should().ContainKey("tunmux_b");
    }

    /// <summary>A watcher that reports whatever the test raises, and remembers what it was told to watch.</summary>
    private sealed class FakeDriftWatcher : IDriftWatcher
    {
        private Action<DriftSignal>? _onDrift;
        private volatile DriftTargets _targets = DriftTargets.None;
        private int _watchCalls;

        public DriftTargets Targets => _targets;

        public bool EventDriven => true;

        public IDriftWatcher Start(Action<DriftSignal> onDrift)
        {
            _onDrift = onDrift;
            return this;
        }

        public void Raise(DriftSignal signal) => _onDrift!(signal);

        public int WatchCalls => Volatile.Read(ref _watchCalls);

        public void Watch(DriftTargets targets)
        {
            _targets = targets;
            Interlocked.Increment(ref _watchCalls);
        }

        public void Dispose()
        {
        }
    }
}
