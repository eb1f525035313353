using Tunmux.Core.Model;

namespace Tunmux.Linux.WireGuard;

/// <summary>Turns the requested backend into the one that will run: kernel or userspace, never auto.</summary>
public static class BackendSelector
{
    public static async Task<BackendKind> SelectAsync(BackendKind requested, IWireGuardProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        switch (requested)
        {
            case BackendKind.Kernel:
                return await probe.KernelHasWireGuardAsync(cancellationToken).ConfigureAwait(false)
                    ? BackendKind.Kernel
                    : throw new BackendUnavailableException(
                        "backend 'kernel' needs the WireGuard kernel module, which this kernel does not have; use backend 'userspace' or 'auto' (wireguard-go)");
            case BackendKind.Userspace:
                return probe.UserspaceAvailable()
                    ? BackendKind.Userspace
                    : throw new BackendUnavailableException("backend 'userspace' needs wireguard-go, which was not found; install it (e.g. apt-get install wireguard-go)");
            case BackendKind.Auto:
                if (await probe.KernelHasWireGuardAsync(cancellationToken).ConfigureAwait(false))
                {
                    return BackendKind.Kernel;
                }

                return probe.UserspaceAvailable()
                    ? BackendKind.Userspace
                    : throw new BackendUnavailableException(
                        "no WireGuard backend: the kernel has no WireGuard module and wireguard-go was not found; install wireguard-go or load the wireguard module");
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "unknown backend");
        }
    }
}
