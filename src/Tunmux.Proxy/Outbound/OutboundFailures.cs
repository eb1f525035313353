using System.Net.Sockets;

namespace Tunmux.Proxy.Outbound;

internal static class OutboundFailures
{
    public static OutboundFailure FromSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => OutboundFailure.ConnectionRefused,
        SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.AddressFamilyNotSupported
            or SocketError.AddressNotAvailable => OutboundFailure.NetworkUnreachable,
        SocketError.HostUnreachable or SocketError.HostDown => OutboundFailure.HostUnreachable,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain or SocketError.NoRecovery => OutboundFailure.NameNotResolved,
        SocketError.TimedOut => OutboundFailure.TimedOut,
        SocketError.AccessDenied => OutboundFailure.NotAllowed,
        _ => OutboundFailure.General,
    };

    /// <summary>Short, stable words for logs and HTTP error bodies.</summary>
    public static string Describe(OutboundFailure failure) => failure switch
    {
        OutboundFailure.NotAllowed => "not-allowed",
        OutboundFailure.NetworkUnreachable => "network-unreachable",
        OutboundFailure.HostUnreachable => "host-unreachable",
        OutboundFailure.NameNotResolved => "name-not-resolved",
        OutboundFailure.ConnectionRefused => "refused",
        OutboundFailure.TimedOut => "timeout",
        _ => "failed",
    };
}
