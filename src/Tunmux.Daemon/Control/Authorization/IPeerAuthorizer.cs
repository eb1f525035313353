using System.Net.Sockets;

namespace Tunmux.Daemon.Control.Authorization;

/// <summary>Decides, once per accepted connection, whether its peer may use the daemon.</summary>
public interface IPeerAuthorizer
{
    /// <summary>Reads the peer's credentials from <paramref name="connection"/> and decides; throws when they cannot be read.</summary>
    PeerAuthorization Authorize(Socket connection);
}
