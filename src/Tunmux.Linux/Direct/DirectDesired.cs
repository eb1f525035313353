using System.Net;
using Tunmux.Core.Direct;
using Tunmux.Core.Direct.Backends;
using Tunmux.Core.Model;

namespace Tunmux.Linux.Direct;

/// <summary>
/// The direct tunnel as the host should have it for one pass: the backend already chosen, the
/// config with only the active peer, every peer's endpoint resolved to an address (the block must
/// name addresses, and once it holds, no name can be resolved outside the tunnel).
/// </summary>
public sealed record DirectDesired(
    string TunnelName,
    string Interface,
    DirectBackend Backend,
    WireGuardConfig Config,
    KillSwitchSettings KillSwitch,
    IReadOnlyList<IPEndPoint> Endpoints,
    string SpecHash);
