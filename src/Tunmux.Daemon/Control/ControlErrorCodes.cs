namespace Tunmux.Daemon.Control;

/// <summary>The "code" of a failed response, so a client can react without parsing the message.</summary>
public static class ControlErrorCodes
{
    /// <summary>The peer is neither root nor in the authorized group; nothing was done.</summary>
    public const string PermissionDenied = "permission_denied";

    /// <summary>The line is not JSON, not an object, or lacks "kind".</summary>
    public const string MalformedRequest = "malformed_request";

    /// <summary>The request's protocol version is not the daemon's.</summary>
    public const string UnsupportedVersion = "unsupported_version";

    /// <summary>The line exceeded the length limit; the daemon closes the connection after this response.</summary>
    public const string LineTooLong = "line_too_long";

    /// <summary>The kind is not one the daemon answers.</summary>
    public const string UnknownKind = "unknown_kind";

    /// <summary>The body does not fit the kind's typed request, or a field is out of bounds; the message names the field.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>The handler failed unexpectedly; details are in the daemon's log, not in the response.</summary>
    public const string Internal = "internal";
}
