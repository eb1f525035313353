using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Control.Authorization;

/// <summary>
/// Finds a peer's supplementary groups, best source first:
/// 1. SO_PEERGROUPS: the kernel's record from connect time (cannot be raced).
/// 2. /proc/PID/status "Groups:": the process's real groups now, used only while the process
///    still has the peer's effective uid (guards against a reused PID).
/// 3. getgrouplist(user, gid): what the group database says the user belongs to, which may
///    differ from the groups the process actually holds (e.g. before re-login, or after setgroups).
/// </summary>
public static class SupplementaryGroupReader
{
    public static (IReadOnlyList<uint> Groups, string Source) Read(System.Net.Sockets.Socket connection, PeerCredentials peer)
    {
        if (PeerCredentialReader.ReadGroups(connection) is { } kernelGroups)
        {
            return (kernelGroups, "SO_PEERGROUPS");
        }

        if (FromProc(peer) is { } procGroups)
        {
            return (procGroups, $"/proc/{peer.Pid}/status");
        }

        if (FromGroupDatabase(peer) is { } databaseGroups)
        {
            return (databaseGroups, "getgrouplist");
        }

        return ([], "none");
    }

    /// <summary>Groups from /proc/PID/status, or null when unreadable or the PID now belongs to another user.</summary>
    public static IReadOnlyList<uint>? FromProc(PeerCredentials peer)
    {
        if (peer.Pid <= 0)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText($"/proc/{peer.Pid}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var status = ProcStatus.Parse(text);
        return status.EffectiveUid == peer.Uid ? status.Groups : null;
    }

    /// <summary>Groups the user database gives the peer's user, or null when the uid has no name.</summary>
    public static unsafe IReadOnlyList<uint>? FromGroupDatabase(PeerCredentials peer)
    {
        if (UserDatabase.FindName(peer.Uid) is not { } user)
        {
            return null;
        }

        var count = 64;
        while (count <= 65536)
        {
            var groups = new uint[count];
            var found = count;
            fixed (uint* pointer = groups)
            {
                if (LibC.GetGroupList(user, peer.Gid, pointer, ref found) >= 0)
                {
                    return groups[..found];
                }
            }

            count = Math.Max(found, count * 2);
        }

        return null;
    }
}
