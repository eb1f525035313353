namespace Tunmux.Daemon.Control.Server;

/// <summary>Where and how the control socket listens.</summary>
public sealed record ControlServerOptions
{
    public string SocketPath { get; init; } = ControlProtocol.DefaultSocketPath;

    /// <summary>
    /// The group that owns the socket (and its directory when the server creates it), and whose
    /// members the default authorizer admits. When the group does not exist, the socket keeps
    /// the daemon's group and only root is served.
    /// </summary>
    public string Group { get; init; } = ControlProtocol.DefaultGroup;

    /// <summary>Permissions of the socket file. 0660: the kernel already stops users outside the group.</summary>
    public UnixFileMode SocketMode { get; init; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Use the socket systemd passes (LISTEN_PID/LISTEN_FDS, fd 3) instead of binding one.</summary>
    public bool AcceptSocketActivation { get; init; } = true;

    public int MaxLineBytes { get; init; } = ControlProtocol.MaxLineBytes;

    /// <summary>How long to wait when probing whether an existing socket file still has a listener.</summary>
    public TimeSpan StaleProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int Backlog { get; init; } = 128;
}
