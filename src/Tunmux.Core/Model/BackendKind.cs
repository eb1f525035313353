namespace Tunmux.Core.Model;

/// <summary>Which WireGuard implementation runs a tunnel.</summary>
public enum BackendKind
{
    /// <summary>Kernel WireGuard when the kernel has it, otherwise wireguard-go.</summary>
    Auto,
    Userspace,
    Kernel,
}
