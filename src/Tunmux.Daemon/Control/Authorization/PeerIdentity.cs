namespace Tunmux.Daemon.Control.Authorization;

/// <summary>
/// Everything the authorization decision looks at: the kernel's SO_PEERCRED triple plus the
/// peer's supplementary groups, and where those groups came from (for the log).
/// </summary>
public sealed record PeerIdentity(PeerCredentials Credentials, IReadOnlyList<uint> SupplementaryGroups, string GroupsSource);
