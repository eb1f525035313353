using System.Text.RegularExpressions;
using Tunmux.Api.Schema.Crd;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Kubernetes.Tests.Support;

namespace Tunmux.Kubernetes.Tests.Agent;

/// <summary>
/// Debian's kubectl against the fake API server: if a real client discovers the resources and prints
/// their printer columns (with the status two agents wrote), the fake speaks the protocol real clients expect.
/// </summary>
public sealed partial class KubectlTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tunmux-kubectl-").FullName;
    private FakeApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeApiServer.Start();
        _server.SetNode("node-a", new Dictionary<string, string>());
        _server.SetNode("node-b", new Dictionary<string, string>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Kubectl_lists_the_tunnels_with_their_printer_columns_and_per_node_phases()
    {
        _server.Create(CustomResourceKind.Tunnel, "exit-1", Specs.Tunnel());
        _server.Create(CustomResourceKind.Proxy, "exit-1", Specs.Proxy("exit-1", "0.0.0.0:1080"));
        var liveA = new Live();
        var liveB = new Live();
        liveA.Tunnel("exit-1", "Connected", ready: true);
        liveB.Tunnel("exit-1", "Degraded", ready: false);
        await using (var a = await RunningAgent.StartAsync(_server, "node-a", _folder, () => liveA.Current))
        await using (var b = await RunningAgent.StartAsync(_server, "node-b", _folder, () => liveB.Current))
        {
            await Eventually.ThatAsync(
                () => _server.Get(CustomResourceKind.Tunnel, "exit-1")?["status"]?["nodes"]?.AsArray().Count(n => n!["phase"]!.GetValue<string>() != "Pending") == 2,
                "both agents' entries");
        }

        var kubeconfig = _server.WriteKubeconfig(Path.Combine(_folder, "config"));
        var tunnels = await DebianKubectl.RunAsync(kubeconfig, "get", "tunnels");
        var proxies = await DebianKubectl.RunAsync(kubeconfig, "get", "proxies.tunmux.io");

        tunnels.ExitCode.Should().Be(0, tunnels.Errors);
        var lines = tunnels.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Spaces().Split(lines[0].Trim()).Should().Equal("NAME", "PROVIDER", "MODE", "NODES", "PHASE", "AGE");
        Spaces().Split(lines[1].Trim())[..5].Should().Equal("exit-1", "wireguard", "<none>", "node-a,node-b", "Connected,Degraded");
        proxies.ExitCode.Should().Be(0, proxies.Errors);
        proxies.Output.Should().MatchRegex(@"NAME\s+TUNNEL\s+SOCKS\s+HTTP\s+NODES\s+READY\s+AGE").And.MatchRegex(@"exit-1\s+exit-1\s+0\.0\.0\.0:1080");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
