using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Runtime.Settings;

namespace Tunmux.Runtime.Tests.Operations;

/// <summary>A temporary state dir and manifest folder with a valid key in it, removed afterwards.</summary>
internal sealed class TempWorkspace : IDisposable
{
    public const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    public TempWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("tunmux-runtime-").FullName;
        Paths = new TunmuxPaths(Path.Combine(Root, "state"), Path.Combine(Root, "run"), new HostNaming(), "tmuxlab_");
        File.WriteAllText(Path.Combine(Root, "client.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
    }

    public string Root { get; }

    public TunmuxPaths Paths { get; }

    public static string Tunnel(string name, string endpoint = "198.18.1.2:51820") => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: {name}{"}"}
        spec:
          wireguard:
            privateKeyFile: client.key
            addresses: [10.66.1.2/32]
            peer:
              publicKey: {PeerKey}
              endpoint: {endpoint}
              allowedIPs: [0.0.0.0/0]
        ---

        """;

    public static string Proxy(string name, string tunnel, string? socks = null) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {"{"}name: {name}{"}"}
        spec:
          tunnelRef: {tunnel}
        {(socks is null ? "" : $"  socks: {{listen: \"{socks}\"}}")}
        ---

        """;

    public ManifestSet Manifests(string text, string file = "tunnels.yaml")
    {
        var path = Path.Combine(Root, file);
        File.WriteAllText(path, text);
        return ManifestLoader.LoadPath(path);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
