using Tunmux.Core.State;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// wireguard-go tunnels: asks the process over its control socket, in-process. Deriving the
/// public key needs the libsodium that NSec.Cryptography ships beside the executable; where that
/// file is missing (a copied binary without its folder), <paramref name="withoutLibsodium"/> (`wg`)
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
        catch (Exception exception) when (IsLibraryMissing(exception))
        {
            return await withoutLibsodium.ReadAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    // NSec reports a missing libsodium from its type initialiser; the chain holds the DllNotFoundException.
    private static bool IsLibraryMissing(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DllNotFoundException)
            {
                return true;
            }
        }

        return false;
    }
}
