using System.Net.Sockets;

namespace Tunmux.Proxy;

/// <summary>
/// Listening sockets handed to the engine, already bound (and listening, for TCP) by the caller,
/// possibly in another network namespace. <see cref="ProxyServer.RunAsync"/> takes ownership and
/// closes them when it returns, so a stopped proxy refuses new connections at once.
/// </summary>
/// <param name="SocksTcp">SOCKS5 and SOCKS4/4a, told apart by the first byte.</param>
/// <param name="SocksUdp">UDP sockets bound on the same address and port as a SOCKS TCP listener (UDP ASSOCIATE relay).</param>
/// <param name="HttpTcp">HTTP proxy (CONNECT and absolute-form forwarding).</param>
public sealed record ProxyListeners(
    IReadOnlyList<Socket> SocksTcp,
    IReadOnlyList<Socket> SocksUdp,
    IReadOnlyList<Socket> HttpTcp);
