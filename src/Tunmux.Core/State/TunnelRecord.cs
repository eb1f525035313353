using Tunmux.Core.Model;

namespace Tunmux.Core.State;

/// <summary>What tunmux built for a tunnel, written after it was built. Holds no secrets.</summary>
/// <param name="ActivePeer">
/// Which of the spec's peers the interface is configured with (only one at a time; the others
/// wait for a failover). Defaults to 0 so records written before failover existed still load.
/// </param>
/// <param name="Server">
/// The provider's name for the server the tunnel was built against (e.g. "CH#12"), so status
/// can show it without resolving providers; null for plain WireGuard and for records written
/// before it was kept. Copied from the desired tunnel, and like there not part of the spec hash.
/// </param>
public sealed record TunnelRecord(
    string Name,
    string Namespace,
    string Interface,
    BackendKind Backend,
    string SpecHash,
    ProcessRef? WireGuardProcess,
    DateTimeOffset CreatedAt,
    int ActivePeer = 0,
    string? Server = null);
