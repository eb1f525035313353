using System.Net.Sockets;
using Tunmux.Proxy.Io;

namespace Tunmux.Proxy.Connections;

/// <summary>
/// A CONNECT that succeeded (SOCKS5, SOCKS4 or HTTP): the reply is sent, the relay comes next. The
/// session hands this back instead of relaying itself, so none of its frames stays suspended for the
/// tunnel's lifetime; <see cref="ConnectionHandler"/> runs the relay, then disposes the outbound
/// socket and completes the record.
/// </summary>
internal sealed record TunnelHandoff(Socket Outbound, BufferedSocketReader Reader, AccessRecord Record);
