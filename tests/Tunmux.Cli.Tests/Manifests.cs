namespace Tunmux.Cli.Tests;

internal static class Manifests
{
    public const string TwoExits = """
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {name: lab-1}
        spec:
          wireguard:
            privateKeyFile: client.key
            addresses: [10.66.1.2/32]
            peer:
              publicKey: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
              endpoint: 198.18.1.2:51820
              allowedIPs: [0.0.0.0/0]
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Tunnel
        metadata: {name: lab-2}
        spec:
          wireguard:
            privateKeyFile: client.key
            addresses: [10.66.2.2/32]
            peer:
              publicKey: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
              endpoint: 198.18.2.2:51820
              allowedIPs: [0.0.0.0/0]
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {name: lab-1}
        spec:
          tunnelRef: lab-1
          socks: {listen: "127.0.0.1:1080"}
          http: {listen: "127.0.0.1:8118"}
        ---
        apiVersion: tunmux.io/v1alpha1
        kind: Proxy
        metadata: {name: lab-2}
        spec:
          tunnelRef: lab-2
        """;

    /// <summary><see cref="TwoExits"/> with lab-1 forwarding a port and running a hook with a private argument.</summary>
    public static string TwoExitsFirstForwarding { get; } = TwoExits.Replace(
        "metadata: {name: lab-1}\nspec:\n  wireguard:\n",
        "metadata: {name: lab-1}\nspec:\n  portForwarding: true\n  portForwardingHook: [/usr/local/bin/port-changed, --password, hunter2]\n  wireguard:\n",
        StringComparison.Ordinal);
}
