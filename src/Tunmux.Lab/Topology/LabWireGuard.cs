using Tunmux.Core.Model;

namespace Tunmux.Lab;

/// <summary>The two ends of exit <c>i</c>'s tunnel, as WireGuard configs.</summary>
public static class LabWireGuard
{
    public const int ClientKeepaliveSeconds = 25;

    /// <summary>What a tunmux user gets: a wg-quick client config for the exit.</summary>
    public static WireGuardConfig ClientConfig(int exit, Secret clientPrivateKey, string serverPublicKey) =>
        new(
            clientPrivateKey,
            [LabAddresses.TunnelClientPrefix(exit)],
            [LabAddresses.ServiceAddress],
            null,
            [new WireGuardPeer(serverPublicKey, LabAddresses.ExitEndpoint(exit), ["0.0.0.0/0"], null, ClientKeepaliveSeconds)]);

    /// <summary>
    /// The same client with IPv6 too (an address in fd66:i::/64, ::/0 through the tunnel): for tests
    /// of a tunnel that carries IPv6. The plain config stays IPv4-only, so a tunnel from it blocks IPv6.
    /// </summary>
    public static WireGuardConfig DualStackClientConfig(int exit, Secret clientPrivateKey, string serverPublicKey) =>
        new(
            clientPrivateKey,
            [LabAddresses.TunnelClientPrefix(exit), LabAddresses.TunnelClientPrefix6(exit)],
            [LabAddresses.ServiceAddress],
            null,
            [new WireGuardPeer(serverPublicKey, LabAddresses.ExitEndpoint(exit), ["0.0.0.0/0", "::/0"], null, ClientKeepaliveSeconds)]);

    /// <summary>The exit's server side: one peer, the client, allowed only its own tunnel addresses.</summary>
    public static WireGuardConfig ServerConfig(int exit, Secret serverPrivateKey, string clientPublicKey) =>
        new(
            serverPrivateKey,
            [LabAddresses.TunnelServerPrefix(exit)],
            [],
            null,
            [new WireGuardPeer(clientPublicKey, null, [LabAddresses.TunnelClientPrefix(exit), LabAddresses.TunnelClientPrefix6(exit)], null, null)]);
}
