using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Netns;

/// <summary>A listener could not be bound; the message names the address and the reason in plain words.</summary>
public sealed class ListenerBindException(IPEndPoint endPoint, ProtocolType protocol, SocketError error, Exception? inner = null)
    : IOException(Describe(endPoint, protocol, error), inner)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    public ProtocolType Protocol { get; } = protocol;

    public SocketError Error { get; } = error;

    private static string Describe(IPEndPoint endPoint, ProtocolType protocol, SocketError error)
    {
        var what = protocol == ProtocolType.Udp ? $"{endPoint} (udp)" : endPoint.ToString();
        return error switch
        {
            SocketError.AddressAlreadyInUse => $"{what} is already in use",
            SocketError.AddressNotAvailable => $"{what} cannot be bound: that address does not exist in the namespace",
            SocketError.AccessDenied => $"{what} cannot be bound: permission denied (ports below 1024 need root)",
            SocketError.AddressFamilyNotSupported => $"{what} cannot be bound: the address family is not available",
            _ => $"{what} cannot be bound: {error}",
        };
    }
}
