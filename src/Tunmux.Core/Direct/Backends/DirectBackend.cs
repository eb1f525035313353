namespace Tunmux.Core.Direct.Backends;

/// <summary>How a direct tunnel's interface is made; <c>auto</c> is resolved to one of these before planning.</summary>
public enum DirectBackend
{
    /// <summary>Kernel WireGuard, configured with ip(8) and wg(8).</summary>
    Kernel,

    /// <summary>wireguard-go, configured with ip(8) and wg(8).</summary>
    Userspace,

    /// <summary>The real wg-quick with a config tunmux writes: exactly wg-quick's behaviour.</summary>
    WgQuick,
}
