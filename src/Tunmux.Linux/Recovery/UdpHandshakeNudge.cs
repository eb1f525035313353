using System.Net;
using System.Net.Sockets;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// One UDP datagram of one byte, from a socket created inside the tunnel's namespace, whose only
/// route is the tunnel. Nothing waits for an answer: the handshake is what the packet is for.
/// </summary>
public sealed class UdpHandshakeNudge : IHandshakeNudge
{
    public static UdpHandshakeNudge Instance { get; } = new();

    public void Nudge(string namespacePath, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        NetworkNamespace.RunInside(namespacePath, () =>
        {
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.SendTo(new byte[] { 0 }, target);
            return 0;
        });
    }
}
