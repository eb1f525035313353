using System.Net;
using System.Runtime.InteropServices;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// One UDP datagram of one byte, from a socket created inside the tunnel's namespace, whose only
/// route is the tunnel. Nothing waits for an answer: the handshake is what the packet is for.
/// The datagram goes out with bare system calls: a managed socket created on the namespace
/// thread could start runtime threads that would stay in the tunnel's namespace.
/// </summary>
public sealed class UdpHandshakeNudge : IHandshakeNudge
{
    public static UdpHandshakeNudge Instance { get; } = new();

    public void Nudge(string namespacePath, IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var errno = NetworkNamespace.RunInside(namespacePath, () => RawDatagram.SendOne(target, [0]));
        if (errno != 0)
        {
            // A failed nudge only delays the handshake until WireGuard's own retry; say why anyway.
            throw new NetworkNamespaceException($"cannot send a datagram to {target} in {namespacePath}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }
}
