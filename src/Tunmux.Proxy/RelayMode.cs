namespace Tunmux.Proxy;

/// <summary>How the bulk TCP relay moves bytes once a tunnel is established.</summary>
public enum RelayMode
{
    /// <summary>splice(2) on Linux, the managed copy elsewhere.</summary>
    Auto,

    /// <summary>Portable copy through pooled buffers.</summary>
    Managed,

    /// <summary>Zero-copy splice(2) through a pipe; Linux only.</summary>
    Splice,
}
