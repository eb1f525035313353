using System.Net;
using System.Net.Sockets;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// One UDP datagram of one byte, from a socket that belongs to the tunnel's namespace, whose only
/// route is the tunnel. Nothing waits for an answer: the handshake is what the packet is for. Only
/// the socket() call runs inside the namespace (<see cref="NamespaceClientSocket"/>), so no runtime
/// thread can be born there.
/// </summary>
public sealed class UdpHandshakeNudge : IHandshakeNudge
{
    public static UdpHandshakeNudge Instance { get; } = new();

    public void Nudge(string namespacePath, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            using var socket = NamespaceClientSocket.CreateUdp(namespacePath, target.AddressFamily);
            socket.SendTo([0], target);
        }
        catch (SocketException ex)
        {
            // A failed nudge only delays the handshake until WireGuard's own retry; say why anyway.
            throw new NetworkNamespaceException($"cannot send a datagram to {target} in {namespacePath}: {ex.Message}");
        }
    }
}
