namespace Tunmux.Daemon.Control.Authorization;

/// <summary>The group whose members may use the daemon; <see cref="Gid"/> is null when no such group exists on the host.</summary>
public sealed record AuthorizedGroup(string Name, uint? Gid);
