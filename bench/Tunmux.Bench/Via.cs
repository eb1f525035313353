namespace Tunmux.Bench;

/// <summary>How the client reaches the origin.</summary>
internal enum Via
{
    /// <summary>A plain TCP connection: the origin itself, or a port forwarder (socat, haproxy).</summary>
    Direct,

    /// <summary>SOCKS5 CONNECT, no authentication.</summary>
    Socks5,

    /// <summary>HTTP CONNECT.</summary>
    HttpConnect,
}
