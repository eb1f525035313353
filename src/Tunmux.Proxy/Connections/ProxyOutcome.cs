namespace Tunmux.Proxy.Connections;

/// <summary>
/// How a proxied connection (or forwarded request) ended, as the access log and the connection
/// counters record it. A closed set, so a new way to end is added here once and never misspelled.
/// </summary>
public enum ProxyOutcome
{
    Ok,

    Error,

    Reset,

    Aborted,

    IdleTimeout,

    Timeout,

    ClosedEarly,

    HandshakeTimeout,

    HeaderTooLarge,

    BadRequest,

    BadVersion,

    BadHost,

    UnsupportedAddress,

    UnsupportedCommand,

    NoAcceptableMethod,

    AuthRequired,

    AuthFailed,

    UdpUnavailable,

    BadUpstream,

    UpstreamError,

    ClientError,

    NotAllowed,

    NetworkUnreachable,

    HostUnreachable,

    NameNotResolved,

    Refused,

    Failed,
}

/// <summary>The short, stable words the access log writes for each <see cref="ProxyOutcome"/>.</summary>
public static class ProxyOutcomes
{
    public static string Text(this ProxyOutcome outcome) => outcome switch
    {
        ProxyOutcome.Ok => "ok",
        ProxyOutcome.Error => "error",
        ProxyOutcome.Reset => "reset",
        ProxyOutcome.Aborted => "aborted",
        ProxyOutcome.IdleTimeout => "idle-timeout",
        ProxyOutcome.Timeout => "timeout",
        ProxyOutcome.ClosedEarly => "closed-early",
        ProxyOutcome.HandshakeTimeout => "handshake-timeout",
        ProxyOutcome.HeaderTooLarge => "header-too-large",
        ProxyOutcome.BadRequest => "bad-request",
        ProxyOutcome.BadVersion => "bad-version",
        ProxyOutcome.BadHost => "bad-host",
        ProxyOutcome.UnsupportedAddress => "unsupported-address",
        ProxyOutcome.UnsupportedCommand => "unsupported-command",
        ProxyOutcome.NoAcceptableMethod => "no-acceptable-method",
        ProxyOutcome.AuthRequired => "auth-required",
        ProxyOutcome.AuthFailed => "auth-failed",
        ProxyOutcome.UdpUnavailable => "udp-unavailable",
        ProxyOutcome.BadUpstream => "bad-upstream",
        ProxyOutcome.UpstreamError => "upstream-error",
        ProxyOutcome.ClientError => "client-error",
        ProxyOutcome.NotAllowed => "not-allowed",
        ProxyOutcome.NetworkUnreachable => "network-unreachable",
        ProxyOutcome.HostUnreachable => "host-unreachable",
        ProxyOutcome.NameNotResolved => "name-not-resolved",
        ProxyOutcome.Refused => "refused",
        ProxyOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown proxy outcome"),
    };
}
