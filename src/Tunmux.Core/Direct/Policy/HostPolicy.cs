namespace Tunmux.Core.Direct.Policy;

/// <summary>What the kill switch lets out of the host right now.</summary>
public enum HostPolicy
{
    /// <summary>No block: no direct tunnel (and no lockdown), or the kill switch is turned off.</summary>
    Off,

    /// <summary>The block holds and the tunnel is being built or repaired: only its handshake leaves.</summary>
    Connecting,

    /// <summary>The block holds and traffic flows through the tunnel.</summary>
    Connected,

    /// <summary>Nothing leaves but what is always allowed (loopback, DHCP, neighbour discovery, the LAN when asked).</summary>
    Blocked,
}

/// <summary>
/// The policy in force with its reason. <see cref="Critical"/> is set when the host is not protected
/// the way it was asked to be (the block could not be applied): status shows it as critical.
/// </summary>
public sealed record PolicyInForce(HostPolicy Policy, string Reason, string Message, bool Critical);
