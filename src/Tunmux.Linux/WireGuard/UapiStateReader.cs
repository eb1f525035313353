using System.Security.Cryptography;
using Tunmux.Core.State;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// wireguard-go tunnels: asks the process over its control socket, in-process. Deriving the
/// public key needs libsodium; on a host without it, <paramref name="withoutLibsodium"/> (`wg`)
/// reads the state instead, so the facts stay the same.
/// </summary>
internal sealed class UapiStateReader(HostPaths paths, IWireGuardStateReader withoutLibsodium, PublicKeyDerivation? publicKeyOf = null) : IWireGuardStateReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<WgDump?> ReadAsync(TunnelRecord record, CancellationToken cancellationToken)
    {
        try
        {
            return await UapiClient.GetAsync(paths.WireGuardSocket(record.Interface), Timeout, publicKeyOf ?? X25519.PublicKeyOf, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptographicException exception) when (exception.InnerException is DllNotFoundException)
        {
            return await withoutLibsodium.ReadAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }
}
