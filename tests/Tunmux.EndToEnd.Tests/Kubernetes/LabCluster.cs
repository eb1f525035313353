using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tunmux.Api.Schema.Crd;
using Tunmux.EndToEnd.Tests.Infrastructure;
using Tunmux.Kubernetes.Tests.Fake;
using Tunmux.Testing;

namespace Tunmux.EndToEnd.Tests.Kubernetes;

/// <summary>
/// A lab sandbox playing one Kubernetes node: the fake API server (in this process, on loopback)
/// reached from inside the sandbox through a relay at the same address, a kubeconfig for it, and the
/// Secret volume the chart mounts at /etc/tunmux/secrets, laid out and updated as kubelet does. The
/// agent runs inside the sandbox as the DaemonSet's container would on the node.
/// </summary>
internal sealed class LabCluster : IAsyncDisposable
{
    public const string Node = "node-a";
    public const string AgentNamespace = "tunmux-e2e";
    public const string ProxyUser = "pod";

    private readonly Dictionary<string, string> _secretPayload = new(StringComparer.Ordinal);
    private NamespaceRelay? _relay;

    private LabCluster(LabSandbox lab, FakeApiServer server)
    {
        Lab = lab;
        Server = server;
        Kubeconfig = server.WriteKubeconfig(System.IO.Path.Combine(lab.Sandbox.StateDir, "kubeconfig"));
        ProxyPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        for (var exit = 1; exit <= lab.Exits; exit++)
        {
            _secretPayload[KeyFile(exit)] = ClientConfig(exit).PrivateKey + "\n";
        }

        _secretPayload["proxy-credentials"] = $"{ProxyUser}:{ProxyPassword}\n";
        Secrets = new KubeletVolume(System.IO.Path.Combine(lab.Sandbox.StateDir, "secrets"), _secretPayload);
        _relay = NamespaceRelay.Start(lab.Sandbox, server.Address);
    }

    public LabSandbox Lab { get; }

    public FakeApiServer Server { get; }

    public string Kubeconfig { get; }

    public KubeletVolume Secrets { get; }

    public string ProxyPassword { get; }

    public static async Task<LabCluster> StartAsync(int exits, IReadOnlyDictionary<string, string> nodeLabels)
    {
        var lab = await LabSandbox.StartAsync(exits);
        FakeApiServer? server = null;
        try
        {
            server = FakeApiServer.Start();
            server.SetNode(Node, nodeLabels);
            return new LabCluster(lab, server);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            await lab.DisposeAsync();
            throw;
        }
    }

    public static string KeyFile(int exit) => $"lab-{exit}.key";

    /// <summary>Exit <paramref name="exit"/>'s client side as `tunmux lab up` wrote it (its key goes into the Secret).</summary>
    public LabClientConfig ClientConfig(int exit) => LabClientConfig.Read(System.IO.Path.Combine(Lab.LabDir, $"exit-{exit}.conf"));

    /// <summary>A Tunnel for lab exit <paramref name="exit"/> as a cluster stores it: inline WireGuard, the key a file in the Secret.</summary>
    public JsonObject TunnelSpec(int exit, IReadOnlyDictionary<string, string>? nodeSelector = null)
    {
        var config = ClientConfig(exit);
        var wireguard = new JsonObject
        {
            ["privateKeyFile"] = KeyFile(exit),
            ["addresses"] = new JsonArray([.. config.Addresses.Select(a => (JsonNode)a)]),
            ["dns"] = new JsonArray([.. config.Dns.Select(d => (JsonNode)d)]),
            ["peer"] = new JsonObject
            {
                ["publicKey"] = config.PublicKey,
                ["endpoint"] = config.Endpoint,
                ["allowedIPs"] = new JsonArray([.. config.AllowedIps.Select(a => (JsonNode)a)]),
                ["persistentKeepalive"] = 25,
            },
        };
        var spec = new JsonObject { ["provider"] = "wireguard", ["wireguard"] = wireguard };
        if (nodeSelector is not null)
        {
            spec["nodeSelector"] = new JsonObject([.. nodeSelector.Select(s => new KeyValuePair<string, JsonNode?>(s.Key, s.Value))]);
        }

        return spec;
    }

    /// <summary>A Proxy for <paramref name="tunnel"/>: SOCKS on the sandbox's loopback, credentials from the Secret.</summary>
    public static JsonObject ProxySpec(string tunnel, int socksPort) => new()
    {
        ["tunnelRef"] = tunnel,
        ["socks"] = new JsonObject { ["listen"] = $"127.0.0.1:{socksPort}" },
        ["http"] = new JsonObject { ["enabled"] = false },
        ["auth"] = new JsonObject { ["credentialsFile"] = "proxy-credentials" },
    };

    public void CreateExit(int exit, int socksPort, IReadOnlyDictionary<string, string>? nodeSelector = null)
    {
        Server.Create(CustomResourceKind.Tunnel, $"lab-{exit}", TunnelSpec(exit, nodeSelector));
        Server.Create(CustomResourceKind.Proxy, $"lab-{exit}", ProxySpec($"lab-{exit}", socksPort));
    }

    /// <summary>`tunmux daemon --kubernetes` for this node, inside the sandbox, as the chart starts it.</summary>
    public Task<DaemonProcess> StartAgentAsync(params IReadOnlyList<string> extraArgs) =>
        DaemonProcess.StartProgramAsync(
            Lab.Sandbox,
            AgentBinary.Path,
            new Dictionary<string, string> { ["TUNMUX_NODE_NAME"] = Node, ["TUNMUX_NAMESPACE"] = AgentNamespace },
            ["--kubernetes", "--kubeconfig", Kubeconfig, "--secrets-dir", Secrets.Directory, .. extraArgs]);

    /// <summary>A request through exit <paramref name="socksPort"/>'s proxy with the Secret's credentials; the body (the exit's address) or null.</summary>
    public Task<string?> ViaSocksAsync(int socksPort, int maxSeconds = 5) =>
        Lab.CurlAsync("--proxy", $"socks5h://{ProxyUser}:{ProxyPassword}@127.0.0.1:{socksPort}", maxSeconds: maxSeconds);

    /// <summary>Replaces one file of the Secret the way kubelet does when the Secret changes (one atomic "..data" swap).</summary>
    public void UpdateSecret(string name, string content)
    {
        _secretPayload[name] = content;
        Secrets.Update(_secretPayload);
    }

    /// <summary>This node's entry in an object's status.nodes, or null.</summary>
    public JsonObject? NodeEntry(CustomResourceKind kind, string name) =>
        Server.Get(kind, name)?["status"]?["nodes"]?.AsArray().OfType<JsonObject>().SingleOrDefault(n => n["node"]?.GetValue<string>() == Node);

    /// <summary>The API server becomes unreachable from the node: new connections are refused and open ones (the watches) cut.</summary>
    public async Task CutApiServerAsync()
    {
        if (_relay is { } relay)
        {
            _relay = null;
            await relay.DisposeAsync();
        }
    }

    public void RestoreApiServer() => _relay ??= NamespaceRelay.Start(Lab.Sandbox, Server.Address);

    public async ValueTask DisposeAsync()
    {
        await CutApiServerAsync();
        await Server.DisposeAsync();
        await Lab.DisposeAsync();
    }
}
