using Tunmux.Core.State;

namespace Tunmux.Linux.WireGuard;

/// <summary>Reads the public part of a built tunnel's WireGuard state; null when it cannot be read.</summary>
internal interface IWireGuardStateReader
{
    Task<WgDump?> ReadAsync(TunnelRecord record, CancellationToken cancellationToken);
}
