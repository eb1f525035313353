using System.Net;

namespace Tunmux.Linux.Recovery;

/// <summary>
/// Sends one packet into a tunnel from inside its namespace. WireGuard starts a handshake when
/// it has something to send and no live session, so this makes a fresh (or reconfigured) peer
/// handshake now instead of whenever traffic or a keepalive next happens.
/// </summary>
public interface IHandshakeNudge
{
    /// <param name="namespacePath">The tunnel namespace's file, e.g. /run/netns/tunmux_x.</param>
    /// <param name="target">Somewhere the tunnel routes (its DNS server): the packet goes through the tunnel only.</param>
    void Nudge(string namespacePath, IPEndPoint target);
}
