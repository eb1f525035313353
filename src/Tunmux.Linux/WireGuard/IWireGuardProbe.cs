namespace Tunmux.Linux.WireGuard;

/// <summary>What this machine offers for running WireGuard.</summary>
public interface IWireGuardProbe
{
    /// <summary>True when the kernel has WireGuard (module loaded, built in, or loadable now).</summary>
    Task<bool> KernelHasWireGuardAsync(CancellationToken cancellationToken);

    /// <summary>True when wireguard-go can be run.</summary>
    bool UserspaceAvailable();
}
