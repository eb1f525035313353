namespace Tunmux.Daemon.Control.Client;

/// <summary>Why talking to the daemon failed (not a failed request: those are responses with Ok false).</summary>
public enum ControlClientFailure
{
    /// <summary>No socket file, or nothing listening on it.</summary>
    NotListening,

    /// <summary>The kernel refused the connection (EACCES): the caller is not root and not in the socket's group.</summary>
    PermissionDenied,

    /// <summary>The daemon did not accept the connection in time.</summary>
    Timeout,

    /// <summary>The daemon closed the connection before answering.</summary>
    ConnectionClosed,

    /// <summary>The daemon answered with something that is not a response line.</summary>
    ProtocolError,
}
