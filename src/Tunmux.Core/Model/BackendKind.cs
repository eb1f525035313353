namespace Tunmux.Core.Model;

/// <summary>Which WireGuard implementation runs a tunnel.</summary>
public enum BackendKind
{
    /// <summary>Kernel WireGuard when the kernel has it, otherwise wireguard-go.</summary>
    Auto,
    Userspace,
    Kernel,

    /// <summary>Direct mode only: the real wg-quick with a config tunmux writes, so users get exactly wg-quick's behaviour.</summary>
    WgQuick,
}
