namespace Tunmux.Proxy.Connections;

/// <summary>What a TCP listener serves: SOCKS5 and SOCKS4 share one port, HTTP has its own.</summary>
internal enum ListenerKind
{
    Socks,
    Http,
}
