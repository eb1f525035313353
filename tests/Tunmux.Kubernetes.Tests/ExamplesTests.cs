using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Kubernetes.Objects;
using Tunmux.Kubernetes.Tests.Chart;
using YamlDotNet.RepresentationModel;

namespace Tunmux.Kubernetes.Tests;

/// <summary>examples/k8s/: the exit loads and validates as tunmux manifests, runs only on labelled nodes, and the client pod uses it through the node's address.</summary>
public sealed class ExamplesTests
{
    private static readonly string Folder = Path.Combine(Path.GetDirectoryName(RenderedChart.Folder)!, "..", "examples", "k8s");

    [Fact]
    public void The_exit_is_a_valid_tunnel_and_proxy_whose_files_come_from_the_mounted_secret()
    {
        var set = ManifestValidator.Validate(ManifestLoader.LoadText(File.ReadAllText(Path.Combine(Folder, "exit.yaml")), "exit.yaml", "/etc/tunmux/secrets"));

        set.Errors.Should().BeEmpty();
        var tunnel = set.Tunnels.Single();
        var proxy = set.Proxies.Single();
        tunnel.Spec.WireGuard!.PrivateKeyFile.Should().Be("/etc/tunmux/secrets/exit-de.key");
        proxy.Spec.Auth!.CredentialsFile.Should().Be("/etc/tunmux/secrets/proxy-credentials");
        proxy.Spec.Socks!.Listen.Should().Be("0.0.0.0:1080");
        proxy.Spec.AllowNonLoopback.Should().BeTrue();
    }

    [Fact]
    public void Only_labelled_nodes_run_the_exit()
    {
        var objects = ManifestLoader.LoadPath(Path.Combine(Folder, "exit.yaml")).Objects;

        NodeSelection.Keep(objects, new Dictionary<string, string> { ["tunmux.io/exit"] = "true" }).Select(o => o.KindAndName)
            .Should().Equal("Tunnel/exit-de", "Proxy/exit-de");
        NodeSelection.Keep(objects, new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" }).Should().BeEmpty();
    }

    [Fact]
    public void The_client_pod_reaches_the_proxy_on_its_nodes_address_with_remote_name_resolution()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Folder, "client-pod.yaml"))));
        var container = stream.Documents.Single().RootNode.Items("spec", "containers").Single();
        var env = container.Items("env").ToDictionary(e => e.Text("name")!);

        env["NODE_IP"].Text("valueFrom", "fieldRef", "fieldPath").Should().Be("status.hostIP");
        env["ALL_PROXY"].Text("value").Should().StartWith("socks5h://").And.EndWith("@$(NODE_IP):1080");
    }
}
