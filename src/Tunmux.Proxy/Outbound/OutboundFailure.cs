namespace Tunmux.Proxy.Outbound;

/// <summary>Why an outbound connection could not be made, in the vocabulary the protocols can report.</summary>
internal enum OutboundFailure
{
    General,
    NotAllowed,
    NetworkUnreachable,
    HostUnreachable,
    NameNotResolved,
    ConnectionRefused,
    TimedOut,
}
