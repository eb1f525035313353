using Tunmux.Proxy.Connections;
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

    /// <summary>How a connection that failed this way ends, for the access log and the counters.</summary>
    public static ProxyOutcome Outcome(OutboundFailure failure) => failure switch
    {
        OutboundFailure.NotAllowed => ProxyOutcome.NotAllowed,
        OutboundFailure.NetworkUnreachable => ProxyOutcome.NetworkUnreachable,
        OutboundFailure.HostUnreachable => ProxyOutcome.HostUnreachable,
        OutboundFailure.NameNotResolved => ProxyOutcome.NameNotResolved,
        OutboundFailure.ConnectionRefused => ProxyOutcome.Refused,
        OutboundFailure.TimedOut => ProxyOutcome.Timeout,
        _ => ProxyOutcome.Failed,
    };

    /// <summary>Short, stable words for logs and HTTP error bodies (the same words as <see cref="Outcome"/>'s text).</summary>
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
