using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Netns;

/// <summary>One socket to create and bind: a TCP listener (with its backlog) or a UDP socket.</summary>
public sealed record SocketBinding(IPEndPoint EndPoint, ProtocolType Protocol, int Backlog = SocketBinding.DefaultBacklog)
{
    public const int DefaultBacklog = 512;

    public static SocketBinding Tcp(IPEndPoint endPoint, int backlog = DefaultBacklog) => new(endPoint, ProtocolType.Tcp, backlog);

    public static SocketBinding Udp(IPEndPoint endPoint) => new(endPoint, ProtocolType.Udp);

    public override string ToString() => $"{(Protocol == ProtocolType.Udp ? "udp" : "tcp")} {EndPoint}";
}

/// <summary>The result of binding one socket: the socket, or why it could not be bound.</summary>
public sealed record BindOutcome(SocketBinding Binding, Socket? Socket, ListenerBindException? Error)
{
    public bool Succeeded => Socket is not null;
}
