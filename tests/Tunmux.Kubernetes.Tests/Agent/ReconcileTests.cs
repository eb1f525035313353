using Microsoft.Extensions.Logging.Abstractions;
using Tunmux.Api.Schema.Crd;
using Tunmux.Core.Model;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Kubernetes.Tests.Support;
using Tunmux.Runtime.Controller;
using Tunmux.Runtime.Settings;
using Tunmux.Runtime.State;
using Tunmux.Testing;

namespace Tunmux.Kubernetes.Tests.Agent;

/// <summary>
/// The agent feeding the one control loop (issue #11): Tunnels and Proxies that appear, change and
/// disappear in the cluster are built, rebuilt and removed on an in-memory host, and the node's
/// status entry and Events follow what the loop reports.
/// </summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("tunmux-k8s-loop-").FullName;
    private readonly FakeExitDriver _host = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeApiServer _server = null!;
    private ControlLoop? _loop;
    private Task? _agentRun;

    public Task InitializeAsync()
    {
        _server = FakeApiServer.Start();
        _server.SetNode("node-a", new Dictionary<string, string> { ["tunmux.io/exit"] = "true" });
        Directory.CreateDirectory(Path.Combine(_root, "secrets", "keys"));
        File.WriteAllText(Path.Combine(_root, "secrets", "keys", "private.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.StopAsync(CancellationToken.None);
        }

        if (_agentRun is not null)
        {
            await _agentRun;
        }

        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task StartAsync()
    {
        var options = new AgentOptions
        {
            NodeName = "node-a",
            Namespace = "tunmux-test",
            Kubeconfig = _server.WriteKubeconfig(Path.Combine(_root, "kubeconfig")),
            SecretsDirectory = Path.Combine(_root, "secrets"),
            StatusInterval = TimeSpan.FromMilliseconds(50),
            BackoffInitial = TimeSpan.FromMilliseconds(20),
            BackoffMax = TimeSpan.FromMilliseconds(200),
        };
        var agent = new KubernetesAgent(ClusterConnection.Open(options), options, NullLogger.Instance);
        var paths = new TunmuxPaths(Path.Combine(_root, "state"), Path.Combine(_root, "run"), new HostNaming(), "tmuxk8s_");
        _loop = TestControlLoops.New(paths, _host, otherSources: [new KubernetesDeclaredSource(agent.Source)]);
        var loop = _loop;
        _agentRun = Task.Run(() => agent.RunAsync(() => loop.Board.Current, _stop.Token));
        await agent.Source.FirstObservation.WaitAsync(Eventually.Patience);
        await _loop.StartAsync(_stop.Token);
    }

    private string? Phase(string tunnel) =>
        _server.Get(CustomResourceKind.Tunnel, tunnel)?["status"]?["nodes"]?.AsArray().SingleOrDefault(n => n!["node"]!.GetValue<string>() == "node-a")?["phase"]?.GetValue<string>();

    [Fact]
    public async Task Objects_that_appear_change_and_disappear_are_reconciled_on_the_node()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        _server.Create(CustomResourceKind.Proxy, "exit-1", Specs.Proxy("exit-1", "127.0.0.1:18080"));
        _server.Create(CustomResourceKind.Tunnel, "elsewhere", Specs.Tunnel(nodeSelector: new Dictionary<string, string> { ["tunmux.io/exit"] = "false" }));
        await StartAsync();

        await Eventually.ThatAsync(() => _host.Tunnels.ContainsKey("exit-1") && _host.Calls.Contains("start proxy exit-1"), "the exit and its proxy on the node", () => $"calls: {string.Join(", ", _host.Calls.ToList())}; status: {_loop!.Board.Current.Proxies.GetValueOrDefault("exit-1")?.Conditions.Items.FirstOrDefault()}");
        _host.Tunnels.Should().NotContainKey("elsewhere", "its nodeSelector does not match this node");
        await Eventually.ThatAsync(() => Phase("exit-1") == "Connected", "the node's status entry");
        await Eventually.ThatAsync(() => _server.Events.Any(e => e["reason"]!.GetValue<string>() == "TunnelUp"), "the TunnelUp event");

        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel("203.0.113.99:51820"));
        await Eventually.ThatAsync(() => _host.Tunnels.TryGetValue("exit-1", out var facts) && facts.PeerEndpoint == "203.0.113.99:51820", "the new endpoint on the host");

        _server.Delete(CustomResourceKind.Proxy, "exit-1");
        _server.Delete(CustomResourceKind.Tunnel, "exit-1");
        await Eventually.ThatAsync(() => _host.Tunnels.Count == 0 && _host.Namespaces.Count == 0 && _host.LivePids.Count == 0, "the exit to be removed");
    }

    [Fact]
    public async Task A_dropped_watch_loses_no_update_on_the_host()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        await StartAsync();
        await Eventually.ThatAsync(() => _host.Tunnels.ContainsKey("exit-1"), "the exit");

        _server.DropWatches();
        _server.UpdateSpec(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel("203.0.113.77:51820"));
        _server.Create(CustomResourceKind.Tunnel, "exit-2", Specs.Tunnel());

        await Eventually.ThatAsync(
            () => _host.Tunnels.TryGetValue("exit-1", out var facts) && facts.PeerEndpoint == "203.0.113.77:51820" && _host.Tunnels.ContainsKey("exit-2"),
            "both changes made while the watch was down, on the host");
    }
}
