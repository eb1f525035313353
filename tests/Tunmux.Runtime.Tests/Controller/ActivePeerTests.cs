using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Core.Planning;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.State;
using Tunmux.Runtime.Tests.Operations;
using Tunmux.Testing;
using static Tunmux.Runtime.Tests.Operations.TempWorkspace;

namespace Tunmux.Runtime.Tests.Controller;

/// <summary>Issue #4: a tunnel lists several peers; one is active at a time and the record says which.</summary>
public sealed class ActivePeerTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly FakeExitDriver _host = new();
    private readonly KeyReconciler _reconciler;

    public ActivePeerTests() => _reconciler = new KeyReconciler(_workspace.Paths, _host);

    public void Dispose() => _workspace.Dispose();

    private static string TwoPeerTunnel(string name) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: {name}{"}"}
        spec:
          wireguard:
            privateKeyFile: client.key
            addresses: [10.66.1.2/32]
            peers:
              - {"{"}publicKey: {PeerKey}, endpoint: "198.18.1.2:51820", allowedIPs: [0.0.0.0/0]{"}"}
              - {"{"}publicKey: {PeerKey}, endpoint: "198.18.2.2:51820", allowedIPs: [0.0.0.0/0]{"}"}
        ---

        """;

    private IReadOnlyList<ManifestObject> Declared => _workspace.Manifests(TwoPeerTunnel("a")).Objects;

    private RecordStore Records => new(_workspace.Paths);

    [Fact]
    public async Task Both_listed_peers_are_resolved_in_order()
    {
        var spec = await _reconciler.PrepareAsync("a", Declared, CancellationToken.None);

        spec.Errors.Should().BeEmpty();
        spec.Tunnel!.WireGuard.Peers.Select(p => p.Endpoint).Should().Equal("198.18.1.2:51820", "198.18.2.2:51820");
    }

    [Fact]
    public async Task A_build_uses_the_peer_it_is_asked_for()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None, activePeer: 1);

        _host.Tunnels["a"].PeerEndpoint.Should().Be("198.18.2.2:51820");
        Records.LoadTunnels().Records.Single().ActivePeer.Should().Be(1);
    }

    [Fact]
    public async Task A_repair_keeps_the_peer_the_record_names()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None, recovery: new TunnelRecovery(RecoveryKind.FailOver, 1));
        _host.Namespaces.Remove("tunmux_a");

        var report = await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);

        report.Execution!.Succeeded.Should().BeTrue();
        _host.Calls.Should().ContainInOrder("reconnect a peer 2", "create tunnel a");
        _host.Tunnels["a"].PeerEndpoint.Should().Be("198.18.2.2:51820", "a repair must not undo a failover");
    }

    /// <summary>Issue #9: a failover is a planned change (a reconnect in place) that the executor runs and records.</summary>
    [Fact]
    public async Task A_failover_is_planned_as_a_reconnect_that_records_the_new_active_peer_and_changes_nothing_else()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);
        var before = Records.LoadTunnels().Records.Single();

        var report = await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None, recovery: new TunnelRecovery(RecoveryKind.FailOver, 1));

        report.Plan!.Changes.Should().ContainSingle(c => c.Action != ChangeAction.NoOp)
            .Which.Should().BeOfType<ReconnectTunnel>().Which.Reason.Should().Be("fail over: peer 1 -> peer 2");
        report.Execution!.Succeeded.Should().BeTrue();
        _host.Calls.Should().ContainSingle(c => c.StartsWith("reconnect", StringComparison.Ordinal)).Which.Should().Be("reconnect a peer 2");
        Records.LoadTunnels().Records.Single().Should().Be(before with { ActivePeer = 1 });
        report.Remaining!.HasChanges.Should().BeFalse();
        (await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None)).Plan!.HasChanges.Should().BeFalse("the active peer is not part of the spec");
    }

    [Fact]
    public async Task A_reconnect_on_the_same_peer_is_planned_once_and_not_asked_for_again()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);

        var report = await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None, recovery: new TunnelRecovery(RecoveryKind.Reconnect, 0));

        report.Plan!.Changes.OfType<ReconnectTunnel>().Should().ContainSingle().Which.Reason.Should().Be("reconnect: peer 1 again");
        _host.Calls.Should().Contain("reconnect a peer 1").And.NotContain(c => c.StartsWith("delete", StringComparison.Ordinal));
        report.Remaining!.HasChanges.Should().BeFalse("the recovery step was carried out");
    }

    [Fact]
    public async Task A_tunnel_on_another_peer_than_asked_for_is_reconnected_not_rebuilt()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);

        var report = await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None, activePeer: 1);

        report.Plan!.Changes.OfType<ReconnectTunnel>().Should().ContainSingle().Which.Peer.Should().Be(1);
        _host.Calls.Should().Contain("reconnect a peer 2").And.NotContain("delete tunnel a");
    }

    [Fact]
    public async Task A_failed_reconnect_is_reported_and_the_tunnel_stays()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);
        _host.FailingReconnects.Add("a");

        var report = await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None, recovery: new TunnelRecovery(RecoveryKind.FailOver, 1));

        report.Execution!.Failures.Should().ContainSingle().Which.Change.Should().BeOfType<ReconnectTunnel>();
        KeyOutcome.Of(report).Should().BeOfType<KeyOutcome.Failed>();
        Records.LoadTunnels().Records.Single().ActivePeer.Should().Be(0, "the record says what the host runs");
    }

    [Fact]
    public async Task A_record_written_before_failover_existed_loads_with_the_first_peer_active()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);
        var file = Path.Combine(_workspace.Paths.TunnelRecordsDir, "a.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json.Remove("activePeer");
        File.WriteAllText(file, json.ToJsonString());

        Records.LoadTunnels().Records.Single().ActivePeer.Should().Be(0);
        Records.LoadTunnels().Problems.Should().BeEmpty();
    }
}
