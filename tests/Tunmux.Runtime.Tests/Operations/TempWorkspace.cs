using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Model;
using Tunmux.Runtime.Settings;

namespace Tunmux.Runtime.Tests.Operations;

/// <summary>A temporary state dir and manifest folder with a valid key in it, removed afterwards.</summary>
internal sealed class TempWorkspace : IDisposable
{
    public const string PeerKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    /// <summary>The peer endpoint of <see cref="Tunnel"/> unless it names another.</summary>
    public const string Endpoint = "198.18.1.2:51820";

    public TempWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("tunmux-runtime-").FullName;
        Paths = new TunmuxPaths(Path.Combine(Root, "state"), Path.Combine(Root, "run"), new HostNaming(), "tmuxlab_");
        File.WriteAllText(Path.Combine(Root, "client.key"), "YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n");
    }

    public string Root { get; }

    public TunmuxPaths Paths { get; }

    /// <summary>A tunnel with one peer; <paramref name="keyFile"/> is relative to the manifest's folder unless rooted.</summary>
    /// <param name="spec">One more line under <c>spec</c> (such as <c>mode: direct</c>), or null.</param>
    public static string Tunnel(string name, string endpoint = Endpoint, string keyFile = "client.key", string? spec = null) => $"""
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {"{"}name: {name}{"}"}
        spec:
          wireguard:
            privateKeyFile: {keyFile}
            addresses: [10.66.1.2/32]
            peer:
              publicKey: {PeerKey}
              endpoint: {endpoint}
              allowedIPs: [0.0.0.0/0]
        {(spec is null ? "" : $"  {spec}\n")}---

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
