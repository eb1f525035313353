using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Host;
using Tunmux.Core.Model;
using Tunmux.Core.State;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
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
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-drift-events-").FullName;
    private readonly FakeExitDriver _host = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeDriftWatcher _watcher = new();
    private TunmuxPaths _paths = null!;
    private ControlLoop _loop = null!;

    public async Task InitializeAsync()
    {
        _paths = new TunmuxPaths(Path.Combine(_root, "state"), Path.Combine(_root, "run"), new HostNaming(), "tmuxlab_");
        var key = Path.Combine(_root, "client.key");
        await File.WriteAllTextAsync(key, "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
        var folder = Path.Combine(_root, "gitops");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "exits.yaml"), Manifest("a", key) + Manifest("b", key));
        var options = new ControllerOptions { PollInterval = TimeSpan.FromMinutes(10), ResyncInterval = TimeSpan.FromMinutes(10) };
        _loop = new ControlLoop(
            options,
            new DeclaredSources(new DeclaredStateStore(_paths), new ManifestFolder(folder)),
            new KeyReconciler(_paths, _host),
            _host,
            new RecordStore(_paths),
            _paths.Naming.NamespacePrefix,
            NullLogger<ControlLoop>.Instance,
            driftWatcher: _watcher.Start);
        await _loop.StartAsync(_stop.Token);
        await _loop.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        await _loop.StopAsync(CancellationToken.None);
        _loop.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string Manifest(string name, string keyFile) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: {name}{"}"}
        spec:
          wireguard:
            privateKeyFile: {keyFile}
            addresses: [10.66.1.2/32]
            peer: {"{"}publicKey: {PeerKey}, endpoint: "198.18.1.2:51820", allowedIPs: [0.0.0.0/0]{"}"}
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {"{"}name: {name}{"}"}
        spec: {"{"}tunnelRef: {name}{"}"}
        ---

        """;

    /// <summary>The tunnel's proxy record; null while a pass is replacing it.</summary>
    private ProxyRecord? ProxyOf(string tunnel) => new RecordStore(_paths).LoadProxies().Records.SingleOrDefault(r => r.TunnelRef == tunnel);

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), $"waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_watcher_follows_every_recorded_process_and_namespace_under_its_key()
    {
        await Until(() => _watcher.Targets.Namespaces.Count == 2, "both namespaces to be watched");

        _watcher.Targets.Namespaces.Should().BeEquivalentTo(new Dictionary<string, string> { ["tunmux_a"] = "a", ["tunmux_b"] = "b" });
        _watcher.Targets.Processes.Should().Contain(ProxyOf("a")!.Process, "a").And.Contain(ProxyOf("b")!.Process, "b");
    }

    [Fact]
    public async Task A_reported_exit_is_repaired_at_once_and_the_new_worker_is_watched_instead()
    {
        var dead = ProxyOf("a")!.Process;
        _host.LivePids.Remove(dead.Pid);
        var callsBefore = _host.Calls.Count;

        _watcher.Raise(new DriftSignal("a", $"process {dead.Pid} exited"));

        await Until(() => ProxyOf("a") is { } now && now.Process != dead && _host.IsAlive(now.Process), "the worker to be restarted");
        var replacement = ProxyOf("a")!.Process;
        await Until(() => _watcher.Targets.Processes.ContainsKey(replacement), "the new worker to be watched");
        _watcher.Targets.Processes.Should().NotContainKey(dead);
        _host.Calls.Skip(callsBefore).Where(c => !c.StartsWith("inspect", StringComparison.Ordinal))
            .Should().Contain("start proxy a").And.OnlyContain(c => c.EndsWith(" a", StringComparison.Ordinal), "only the reported key was touched");
    }

    [Fact]
    public async Task A_signal_about_an_exit_that_is_fine_changes_nothing()
    {
        var mutations = _host.MutatingCalls;
        var reconciled = 0;
        _loop.Reconciled += _ => Interlocked.Increment(ref reconciled);

        _watcher.Raise(new DriftSignal("b", "namespace tunmux_b: a route was removed"));

        await Until(() => Volatile.Read(ref reconciled) >= 1, "the key to be reconciled");
        _host.MutatingCalls.Should().Be(mutations, "the pass found nothing to repair");
    }

    /// <summary>A watcher that reports whatever the test raises, and remembers what it was told to watch.</summary>
    private sealed class FakeDriftWatcher : IDriftWatcher
    {
        private Action<DriftSignal>? _onDrift;
        private volatile DriftTargets _targets = DriftTargets.None;

        public DriftTargets Targets => _targets;

        public bool EventDriven => true;

        public IDriftWatcher Start(Action<DriftSignal> onDrift)
        {
            _onDrift = onDrift;
            return this;
        }

        public void Raise(DriftSignal signal) => _onDrift!(signal);

        public void Watch(DriftTargets targets) => _targets = targets;

        public void Dispose()
        {
        }
    }
}
