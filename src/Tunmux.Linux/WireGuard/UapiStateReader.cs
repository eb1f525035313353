using Tunmux.Core.State;

namespace Tunmux.Linux.WireGuard;

/// <summary>wireguard-go tunnels: asks the process over its control socket, in-process.</summary>
internal sealed class UapiStateReader(HostPaths paths) : IWireGuardStateReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public Task<WgDump?> ReadAsync(TunnelRecord record, CancellationToken cancellationToken) =>
        UapiClient.GetAsync(paths.WireGuardSocket(record.Interface), Timeout, cancellationToken);
}
