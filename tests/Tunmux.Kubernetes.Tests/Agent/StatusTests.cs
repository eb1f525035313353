using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Kubernetes.Tests.Support;

namespace Tunmux.Kubernetes.Tests.Agent;

/// <summary>Per-node status by server-side apply, Leases and Events, against the fake API server (issue #11).</summary>
public sealed class StatusTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-k8s-").FullName;
    private FakeApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeApiServer.Start();
        _server.SetNode("node-a", new Dictionary<string, string> { ["tunmux.io/zone"] = "a" });
        _server.SetNode("node-b", new Dictionary<string, string> { ["tunmux.io/zone"] = "b" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private JsonArray? NodesOf(string tunnel) => _server.Get(CustomResourceKind.Tunnel, tunnel)?["status"]?["nodes"] as JsonArray;

    private static Dictionary<string, string> Zone(string zone) => new() { ["tunmux.io/zone"] = zone };

    [Fact]
    public async Task Two_agents_with_different_labels_pick_different_tunnels_and_both_entries_survive()
    {
        _server.Create(CustomResourceKind.Tunnel, "only-a", Specs.Tunnel(nodeSelector: Zone("a")));
        _server.Create(CustomResourceKind.Tunnel, "only-b", Specs.Tunnel(nodeSelector: Zone("b")));
        _server.Create(CustomResourceKind.Tunnel, "everywhere", Specs.Tunnel());
        var liveA = new Live();
        var liveB = new Live();
        await using var a = await RunningAgent.StartAsync(_server, "node-a", _folder, () => liveA.Current);
        await using var b = await RunningAgent.StartAsync(_server, "node-b", _folder, () => liveB.Current);

        a.Source.Current().Select(o => o.Name).Should().BeEquivalentTo("only-a", "everywhere");
        b.Source.Current().Select(o => o.Name).Should().BeEquivalentTo("only-b", "everywhere");

        liveA.Tunnel("everywhere", "Connected", ready: true);
        liveB.Tunnel("everywhere", "Degraded", ready: false);
        (string, string, string)[] expected = [("node-a", "Connected", "True"), ("node-b", "Degraded", "False")];
        IEnumerable<(string, string, string)> Entries() => NodesOf("everywhere")?.Select(n => (n!["node"]!.GetValue<string>(), n["phase"]!.GetValue<string>(), n["ready"]!.GetValue<string>())) ?? [];

        await Eventually.ThatAsync(() => Entries().Order().SequenceEqual(expected), "both nodes' entries in one status");
        var conditions = NodesOf("everywhere")!.ToDictionary(n => n!["node"]!.GetValue<string>(), n => n!["conditions"]!.AsArray().Single()!);
        conditions["node-a"]["type"]!.GetValue<string>().Should().Be("Ready");
        conditions["node-a"]["status"]!.GetValue<string>().Should().Be("True");
        conditions["node-b"]["status"]!.GetValue<string>().Should().Be("False");
        conditions["node-b"]["message"]!.GetValue<string>().Should().Be("tunnel is Degraded");
        var managers = _server.Get(CustomResourceKind.Tunnel, "everywhere")!["metadata"]!["managedFields"]!.AsArray()
            .Select(m => m!["manager"]!.GetValue<string>());
        managers.Should().BeEquivalentTo("tunmux-agent-node-a", "tunmux-agent-node-b");
        await Eventually.ThatAsync(() => NodesOf("only-a")?.Count == 1 && NodesOf("only-b")?.Count == 1, "each node's own tunnel reported");
        NodesOf("only-a")!.Single()!["node"]!.GetValue<string>().Should().Be("node-a");
        NodesOf("only-b")!.Single()!["node"]!.GetValue<string>().Should().Be("node-b");
    }

    [Fact]
    public async Task A_tunnel_that_leaves_a_node_loses_only_that_nodes_entry()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        var liveA = new Live();
        var liveB = new Live();
        liveA.Tunnel("exit-1", "Connected", ready: true);
        liveB.Tunnel("exit-1", "Connected", ready: true);
        await using var a = await RunningAgent.StartAsync(_server, "node-a", _folder, () => liveA.Current);
        await using var b = await RunningAgent.StartAsync(_server, "node-b", _folder, () => liveB.Current);
        await Eventually.ThatAsync(() => NodesOf("exit-1")?.Count == 2, "both entries");

        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel(nodeSelector: Zone("b")));

        await Eventually.ThatAsync(() => NodesOf("exit-1")?.Count == 1, "node-a's entry to go");
        NodesOf("exit-1")!.Single()!["node"]!.GetValue<string>().Should().Be("node-b");
        a.Source.Current().Should().BeEmpty();
    }

    [Fact]
    public async Task Status_is_written_only_when_it_changes_and_transitions_become_events()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        var live = new Live();
        live.Tunnel("exit-1", "Connecting", ready: false);
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder, () => live.Current);
        await Eventually.ThatAsync(() => NodesOf("exit-1")?.Single()?["phase"]?.GetValue<string>() == "Connecting", "the first entry");
        var patches = _server.Requests.Count(r => r.Verb == "patch");
        await Eventually.ThatAsync(() => _server.Requests.Count(r => r.Verb == "get" && r.Resource == "leases") >= 2, "a few status rounds (the lease renews meanwhile)");
        _server.Requests.Count(r => r.Verb == "patch").Should().Be(patches, "an unchanged entry is not written again");

        live.Tunnel("exit-1", "Connected", ready: true);
        await Eventually.ThatAsync(() => NodesOf("exit-1")?.Single()?["phase"]?.GetValue<string>() == "Connected", "the new phase");
        live.Tunnel("exit-1", "Degraded", ready: false);
        await Eventually.ThatAsync(() => _server.Events.Any(e => e["reason"]?.GetValue<string>() == "Degraded"), "the Degraded event");

        var events = _server.Events;
        events.Select(e => e["reason"]!.GetValue<string>()).Should().Equal("TunnelUp", "Degraded");
        events[0]["involvedObject"]!["kind"]!.GetValue<string>().Should().Be("Tunnel");
        events[0]["involvedObject"]!["name"]!.GetValue<string>().Should().Be("exit-1");
        events[1]["type"]!.GetValue<string>().Should().Be("Warning");
        events[1]["source"]!["host"]!.GetValue<string>().Should().Be("node-a");
        events.Should().OnlyContain(e => e["metadata"]!["namespace"]!.GetValue<string>() == "tunmux-test");
    }

    [Fact]
    public async Task The_agent_holds_and_renews_a_lease_for_its_node()
    {
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        await Eventually.ThatAsync(() => _server.Lease("tunmux-test", "tunmux-agent-node-a") is not null, "the lease");
        var first = _server.Lease("tunmux-test", "tunmux-agent-node-a")!;

        await Eventually.ThatAsync(() => agent.Agent.Lease.Renewals >= 2, "a renewal");

        var renewed = _server.Lease("tunmux-test", "tunmux-agent-node-a")!;
        renewed["spec"]!["holderIdentity"]!.GetValue<string>().Should().Be("node-a");
        renewed["spec"]!["leaseDurationSeconds"]!.GetValue<int>().Should().Be(3);
        renewed["metadata"]!["resourceVersion"]!.GetValue<string>().Should().NotBe(first["metadata"]!["resourceVersion"]!.GetValue<string>());
        renewed["spec"]!["acquireTime"]!.ToJsonString().Should().Be(first["spec"]!["acquireTime"]!.ToJsonString());
    }

    [Fact]
    public async Task Server_side_apply_reports_a_conflict_unless_forced_and_merge_patch_takes_ownership()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig(Path.Combine(_folder, "kc"))));
        async Task ApplyAsync(string manager, string phase, bool force) =>
            await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                new V1Patch($$$"""{"apiVersion":"tunmux.io/v1alpha1","kind":"Tunnel","metadata":{"name":"exit-1"},"status":{"nodes":[{"node":"node-a","phase":"{{{phase}}}"}]}}""", V1Patch.PatchType.ApplyPatch),
                "tunmux.io", "v1alpha1", "tunnels", "exit-1", fieldManager: manager, force: force);

        await ApplyAsync("tunmux-agent-node-a", "Connected", force: false);
        await ApplyAsync("tunmux-agent-node-a", "Connected", force: false);
        var conflict = async () => await ApplyAsync("someone-else", "Blocked", force: false);

        var refused = (await conflict.Should().ThrowAsync<HttpOperationException>()).Which;
        refused.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        refused.Response.Content.Should().Contain("FieldManagerConflict").And.Contain("phase");
        NodesOf("exit-1")!.Single()!["phase"]!.GetValue<string>().Should().Be("Connected");

        await ApplyAsync("someone-else", "Blocked", force: true);
        NodesOf("exit-1")!.Single()!["phase"]!.GetValue<string>().Should().Be("Blocked");

        await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch("""{"status":{"nodes":[{"node":"node-a","phase":"Pending"}]}}""", V1Patch.PatchType.MergePatch),
            "tunmux.io", "v1alpha1", "tunnels", "exit-1", fieldManager: "kubectl-edit");
        var managed = _server.Get(CustomResourceKind.Tunnel, "exit-1")!["metadata"]!["managedFields"]!.AsArray();
        managed.Should().Contain(m => m!["manager"]!.GetValue<string>() == "kubectl-edit" && m["operation"]!.GetValue<string>() == "Update");
        NodesOf("exit-1")!.Single()!["phase"]!.GetValue<string>().Should().Be("Pending");
    }
}
