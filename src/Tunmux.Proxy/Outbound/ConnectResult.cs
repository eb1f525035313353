using System.Net.Sockets;

namespace Tunmux.Proxy.Outbound;

/// <summary>Either a connected socket or the reason there is none.</summary>
internal readonly record struct ConnectResult(Socket? Socket, OutboundFailure Failure)
{
    public static ConnectResult Connected(Socket socket) => new(socket, OutboundFailure.General);

    public static ConnectResult Failed(OutboundFailure failure) => new(null, failure);
}
