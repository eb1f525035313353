using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Core.Lifecycle;
using Tunmux.Core.Lifecycle.Conditions;
using Tunmux.Core.Model;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Status;
using Tunmux.Testing;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>
/// Issue #4: the active probe, end to end through the controller against an in-memory host. The
/// probes run on their own timers (every second, the shortest interval a manifest may ask for);
/// the lifecycle's deadlines follow a clock the test moves. The handshake stays fresh throughout:
/// only the probe tells that traffic no longer gets through.
/// </summary>
public sealed class ControllerProbeTests : IAsyncLifetime
{
    private const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private const string Target = "198.19.255.1:80";

    private static readonly LifecyclePolicy Policy = LifecyclePolicy.Default with { DegradedConfirmation = TimeSpan.FromSeconds(10) };

    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-probe-").FullName;
    private readonly ManualClock _clock = new(ManualClock.DefaultStart);
    private readonly FakeExitDriver _host = new();
    private readonly CancellationTokenSource _stop = new();
    private TunmuxPaths _paths = null!;
    private ControlLoop _controller = null!;

    private string Folder => Path.Combine(_root, "gitops");

    public Task InitializeAsync()
    {
        _host.Clock = _clock;
        _paths = new TunmuxPaths(Path.Combine(_root, "state"), Path.Combine(_root, "run"), new HostNaming(), "tmuxlab_");
        File.WriteAllText(Path.Combine(_root, "client.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
        Directory.CreateDirectory(Folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        if (_controller is not null)
        {
            await _controller.StopAsync(CancellationToken.None);
            _controller.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Manifest(string? probe) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: a{"}"}
        spec:
          wireguard:
            privateKeyFile: {Path.Combine(_root, "client.key")}
            addresses: [10.66.1.2/32]
            peer: {"{"}publicKey: {PeerKey}, endpoint: "198.18.1.2:51820", allowedIPs: [0.0.0.0/0]{"}"}
        {(probe is null ? "" : $"  health: {{probe: {probe}}}")}

        """;

    private static string TcpProbe(string target = Target, int threshold = 2) =>
        $"{{tcp: \"{target}\", interval: 1s, timeout: 1s, failureThreshold: {threshold}}}";

    private async Task WriteAsync(string manifest)
    {
        // Written aside and renamed, as editors and git do: the folder never shows half a file.
        var aside = Path.Combine(_root, "exits.yaml.new");
        await File.WriteAllTextAsync(aside, manifest);
        File.Move(aside, Path.Combine(Folder, "exits.yaml"), overwrite: true);
    }

    private async Task StartAsync(string? probe)
    {
        await WriteAsync(Manifest(probe));
        var options = new ControllerOptions { PollInterval = TimeSpan.FromMilliseconds(50), ResyncInterval = TimeSpan.FromMinutes(10), Lifecycle = Policy };
        _controller = new ControlLoop(
            options,
            new DeclaredSources(new DeclaredStateStore(_paths), new ManifestFolder(Folder)),
            new KeyReconciler(_paths, _host, time: _clock),
            _host,
            new RecordStore(_paths),
            _paths.Naming.NamespacePrefix,
            NullLogger<ControlLoop>.Instance,
            _clock);
        await _controller.StartAsync(_stop.Token);
        await _controller.FirstRound.WaitAsync(TimeSpan.FromSeconds(20));
        await UntilPhase("Connected");
    }

    private LiveObjectStatus Tunnel => _controller.Board.Current.Tunnels["a"];

    private Condition ConditionOf(string type) => Tunnel.Conditions.Find(type)!;

    private IReadOnlyList<string> Mutations => _host.Calls.Where(c => !c.StartsWith("inspect", StringComparison.Ordinal)).ToList();

    private int ProbesOf(string target) => _host.Probes.Count(p => p == $"a {target}");

    private Task UntilPhase(string phase) =>
        Until(() => _controller.Board.Current.Tunnels.TryGetValue("a", out var t) && t.Phase == phase, $"phase {phase}");

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), $"waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Failing_probes_degrade_the_tunnel_the_daemon_reconnects_and_a_passing_probe_makes_it_ready_again()
    {
        await StartAsync(TcpProbe());
        await Until(() => ProbesOf(Target) >= 1, "the first probe");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);

        _host.UnreachableTargets[Target] = 0;
        await UntilPhase("Degraded");
        var degraded = ConditionOf(ConditionTypes.Degraded);
        degraded.Status.Should().Be(ConditionStatus.True);
        degraded.Reason.Should().Be(LifecycleReasons.ProbeFailed);
        degraded.Message.Should().Be("the active probe failed: tcp 198.19.255.1:80: no answer within 1 s (2 in a row)");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.False);
        ConditionOf(ConditionTypes.Ready).Reason.Should().Be(LifecycleReasons.ProbeFailed);

        _clock.Advance(Policy.DegradedConfirmation);
        await UntilPhase("Reconnecting");
        Mutations.Should().EndWith("reconnect a peer 1");

        var probesWhileReconnecting = ProbesOf(Target);
        await Until(() => ProbesOf(Target) >= probesWhileReconnecting + 2, "two more probes while reconnecting");
        Tunnel.Phase.Should().Be("Reconnecting", "a fresh handshake does not make up for a probe that still fails");
        ConditionOf(ConditionTypes.Ready).Message.Should().Contain("because the active probe failed: tcp 198.19.255.1:80");

        _host.UnreachableTargets.TryRemove(Target, out _);
        await UntilPhase("Connected");
        ConditionOf(ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        Tunnel.Events.Select(e => e.Reason).Should().ContainInOrder(
            LifecycleReasons.ProbeFailed, LifecycleReasons.Reconnecting, LifecycleReasons.Connected);
        Mutations.Count(c => c.StartsWith("create tunnel", StringComparison.Ordinal)).Should().Be(1, "recovery works in place");
    }

    [Fact]
    public async Task A_single_failed_probe_below_the_threshold_changes_nothing()
    {
        await StartAsync(TcpProbe(threshold: 3));
        var before = ProbesOf(Target);
        _host.UnreachableTargets[Target] = 0;
        await Until(() => ProbesOf(Target) > before, "a probe while the target is down");
        _host.UnreachableTargets.TryRemove(Target, out _);

        // One or two failures (probes come a second apart); the third in a row never comes.
        var seen = ProbesOf(Target);
        await Until(() => ProbesOf(Target) >= seen + 2, "passing probes");
        Tunnel.Phase.Should().Be("Connected");
        Tunnel.Events.Select(e => e.Reason).Should().NotContain(LifecycleReasons.ProbeFailed);
    }

    [Fact]
    public async Task Changing_the_probe_does_not_rebuild_the_tunnel_and_probes_the_new_target()
    {
        await StartAsync(TcpProbe());
        await Until(() => ProbesOf(Target) >= 1, "the first probe");

        await WriteAsync(Manifest(TcpProbe("198.19.255.9:443")));
        await Until(() => ProbesOf("198.19.255.9:443") >= 1, "a probe of the new target");

        Mutations.Count(c => c.StartsWith("create tunnel", StringComparison.Ordinal)).Should().Be(1, "the probe is not part of the spec hash");
        Tunnel.Phase.Should().Be("Connected");
        Tunnel.Generation.Should().Be(1);
    }

    [Fact]
    public async Task A_tunnel_without_a_probe_is_never_probed()
    {
        await StartAsync(probe: null);
        var passes = _controller.Status["a"].LastReconciled;
        _clock.Advance(TimeSpan.FromSeconds(1));
        _controller.Trigger(["a"]);
        await Until(() => _controller.Status["a"].LastReconciled > passes, "another pass");

        _host.Probes.Should().BeEmpty();
    }
}
