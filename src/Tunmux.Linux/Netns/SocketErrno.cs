using System.Net.Sockets;

namespace Tunmux.Linux.Netns;

/// <summary>The <see cref="SocketError"/> for an errno from socket, setsockopt, bind or listen.</summary>
internal static class SocketErrno
{
    public static SocketError ToSocketError(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied,                // EPERM, EACCES
        12 or 105 => SocketError.NoBufferSpaceAvailable,    // ENOMEM, ENOBUFS
        22 => SocketError.InvalidArgument,                  // EINVAL
        23 or 24 => SocketError.TooManyOpenSockets,         // ENFILE, EMFILE
        93 => SocketError.ProtocolNotSupported,             // EPROTONOSUPPORT
        97 => SocketError.AddressFamilyNotSupported,        // EAFNOSUPPORT
        98 => SocketError.AddressAlreadyInUse,              // EADDRINUSE
        99 => SocketError.AddressNotAvailable,              // EADDRNOTAVAIL
        _ => SocketError.SocketError,
    };
}
