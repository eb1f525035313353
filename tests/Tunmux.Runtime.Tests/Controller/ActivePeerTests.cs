using Tunmux.Api.Model;
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
        var spec = await _reconciler.PrepareAsync("a", Declared, CancellationToken.None);
        await _reconciler.ReconnectAsync(spec.Tunnel!, 1, CancellationToken.None);
        _host.Namespaces.Remove("tunmux_a");

        var report = await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);

        report.Execution!.Succeeded.Should().BeTrue();
        _host.Calls.Should().ContainInOrder("reconnect a peer 2", "create tunnel a");
        _host.Tunnels["a"].PeerEndpoint.Should().Be("198.18.2.2:51820", "a repair must not undo a failover");
    }

    [Fact]
    public async Task A_reconnect_records_the_new_active_peer_and_changes_nothing_else()
    {
        await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None);
        var before = Records.LoadTunnels().Records.Single();
        var spec = await _reconciler.PrepareAsync("a", Declared, CancellationToken.None);

        var after = await _reconciler.ReconnectAsync(spec.Tunnel!, 1, CancellationToken.None);

        after.Should().Be(before with { ActivePeer = 1 });
        Records.LoadTunnels().Records.Single().Should().Be(after);
        (await _reconciler.ReconcileAsync("a", Declared, CancellationToken.None)).Plan!.HasChanges.Should().BeFalse("the active peer is not part of the spec");
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
