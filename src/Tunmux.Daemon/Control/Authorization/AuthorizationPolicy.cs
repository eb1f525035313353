namespace Tunmux.Daemon.Control.Authorization;

/// <summary>
/// The rule, pure: root, or a member of the authorized group, whether it is the peer's
/// primary group or one of its supplementary groups. The original tunmux looked only at the
/// primary gid, so a user added to `tunmux` with `usermod -aG` passed the socket's file
/// permissions and was then refused by the daemon; here supplementary groups count.
/// </summary>
public static class AuthorizationPolicy
{
    public static AuthorizationDecision Decide(PeerIdentity peer, AuthorizedGroup group)
    {
        var uid = peer.Credentials.Uid;
        if (uid == 0)
        {
            return AuthorizationDecision.Allow("root");
        }

        if (group.Gid is not { } gid)
        {
            return AuthorizationDecision.Deny(
                $"permission denied: uid {uid} is not root and group {group.Name} does not exist on this host");
        }

        if (peer.Credentials.Gid == gid)
        {
            return AuthorizationDecision.Allow($"primary group {group.Name}");
        }

        if (peer.SupplementaryGroups.Contains(gid))
        {
            return AuthorizationDecision.Allow($"supplementary group {group.Name}");
        }

        return AuthorizationDecision.Deny($"permission denied: uid {uid} is not root and not in group {group.Name}");
    }
}
