using Tunmux.Api.Model;
using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Kubernetes.Tests.Support;

namespace Tunmux.Kubernetes.Tests.Agent;

/// <summary>The agent's list and watch against the fake API server's real wire protocol (issue #11).</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-k8s-").FullName;
    private FakeApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeApiServer.Start();
        _server.SetNode("node-a", new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-a" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string? EndpointOf(KubernetesSource source, string tunnel) =>
        source.Current().OfType<TunnelManifest>().SingleOrDefault(t => t.Name == tunnel)?.Spec.WireGuard?.Peer?.Endpoint;

    [Fact]
    public async Task Objects_that_appear_change_and_disappear_reach_the_source()
    {
        _server.Create(CustomResourceKind.Tunnel, "before", Specs.Tunnel());
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        agent.Source.Current().Select(o => o.Name).Should().Equal("before");

        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        _server.Create(CustomResourceKind.Proxy, "exit-1", Specs.Proxy("exit-1"));
        await Eventually.ThatAsync(() => agent.Source.Current().Count == 3, "the new tunnel and proxy");

        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel("203.0.113.99:51820"));
        await Eventually.ThatAsync(() => EndpointOf(agent.Source, "exit-1") == "203.0.113.99:51820", "the edited endpoint");

        _server.Delete(CustomResourceKind.Proxy, "exit-1");
        _server.Delete(CustomResourceKind.Tunnel, "before");
        await Eventually.ThatAsync(() => agent.Source.Current().Select(o => o.KindAndName).SequenceEqual(["Tunnel/exit-1"]), "the deletions");
        agent.Agent.Lists.Should().Be(2, "one list per kind, then watches only");
    }

    [Fact]
    public async Task Relative_key_files_resolve_in_the_mounted_secrets_folder()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);

        var tunnel = agent.Source.Current().OfType<TunnelManifest>().Single();

        tunnel.Spec.WireGuard!.PrivateKeyFile.Should().Be(Path.Combine(_folder, "keys", "private.key"));
    }

    [Fact]
    public async Task An_update_that_leaves_the_generation_alone_is_skipped()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        var changes = agent.Changes;

        _server.Annotate(CustomResourceKind.Tunnel, "exit-1", "example.com/note", "metadata only");
        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel("203.0.113.99:51820"));
        await Eventually.ThatAsync(() => EndpointOf(agent.Source, "exit-1") == "203.0.113.99:51820", "the spec edit");

        agent.Changes.Should().Be(changes + 1, "the annotation did not change the generation; the spec edit did");
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_its_resourceVersion_and_loses_no_update()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        await Eventually.ThatAsync(() => _server.OpenWatches("tunnels") == 1, "the tunnels watch");
        var watches = _server.WatchRequests["tunnels"];

        _server.DropWatches();
        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel("203.0.113.99:51820"));
        _server.Create(CustomResourceKind.Tunnel, "exit-2", Specs.Tunnel());

        await Eventually.ThatAsync(() => EndpointOf(agent.Source, "exit-1") == "203.0.113.99:51820" && agent.Source.Current().Count == 2, "both changes made while the watch was down");
        _server.WatchRequests["tunnels"].Should().BeGreaterThan(watches, "the agent reconnected");
        agent.Agent.Lists.Should().Be(2, "a resumed watch replays what it missed: no new list");
    }

    [Fact]
    public async Task A_410_Gone_makes_the_agent_list_again()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        await Eventually.ThatAsync(() => _server.OpenWatches("tunnels") == 1 && _server.OpenWatches("proxies") == 1, "both watches");

        _server.ExpireResourceVersions();
        _server.Create(CustomResourceKind.Tunnel, "exit-2", Specs.Tunnel());
        _server.Delete(CustomResourceKind.Tunnel, "exit-1");

        await Eventually.ThatAsync(() => agent.Source.Current().Select(o => o.Name).SequenceEqual(["exit-2"]), "the state after the relist");
        await Eventually.ThatAsync(() => agent.Agent.Lists >= 4, "each kind to list again after its 410");
    }

    [Fact]
    public async Task A_bookmark_moves_the_resourceVersion_a_watch_resumes_from()
    {
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        await Eventually.ThatAsync(() => _server.OpenWatches("tunnels") == 1, "the tunnels watch");
        var listed = agent.Agent.ResourceVersionOf(CustomResourceKind.Tunnel);
        // Proxies change; the tunnels watch sees no event, only the bookmark with the newer version.
        _server.Create(CustomResourceKind.Proxy, "lonely", Specs.Proxy("none"));
        var bookmark = _server.SendBookmarks();

        await Eventually.ThatAsync(() => agent.Agent.ResourceVersionOf(CustomResourceKind.Tunnel) == bookmark, "the bookmark to reach the agent");
        _server.DropWatches();

        await Eventually.ThatAsync(() => _server.WatchRequests["tunnels"] >= 2, "the tunnels watch to resume");
        _server.LastWatchVersion("tunnels").Should().Be(long.Parse(bookmark, System.Globalization.CultureInfo.InvariantCulture));
        bookmark.Should().NotBe(listed);
        agent.Agent.Lists.Should().Be(2);
    }

    [Fact]
    public async Task A_spec_that_does_not_load_keeps_the_last_good_one_running()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        await using var agent = await RunningAgent.StartAsync(_server, "node-a", _folder);
        var broken = Specs.Tunnel();
        broken["wireguard"]!["mtu"] = "large";

        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", broken);

        await Eventually.ThatAsync(() => agent.Source.Problems.Count > 0, "the load error");
        agent.Source.Current().Select(o => o.Name).Should().Equal("exit-1");
        agent.Source.Problems.Should().Contain(e => e.FieldPath.Contains("mtu"));
    }
}
