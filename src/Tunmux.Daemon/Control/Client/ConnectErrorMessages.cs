using Tunmux.Daemon.Control.Unix;

namespace Tunmux.Daemon.Control.Client;

/// <summary>What to tell a person whose connection the kernel refused.</summary>
public static class ConnectErrorMessages
{
    public static string PermissionDenied(string socketPath, string group) =>
        $"permission denied connecting to the tunmux daemon at {socketPath}: it serves root and members of group '{group}'. "
        + $"Add your user with `sudo usermod -aG {group} $USER`, then log out and back in (group membership is read at login), "
        + "or run the command as root.";

    /// <summary>
    /// The group that guards the socket: the socket file's group, or its directory's when the
    /// directory is what refused us; <paramref name="fallback"/> when neither can be read.
    /// </summary>
    public static string GuardingGroup(string socketPath, string fallback)
    {
        foreach (var path in new[] { socketPath, Path.GetDirectoryName(Path.GetFullPath(socketPath)) })
        {
            try
            {
                if (path is not null && FileStatus.Of(path) is { } status && status.Gid != 0
                    && GroupDatabase.FindName(status.Gid) is { } name)
                {
                    return name;
                }
            }
            catch (IOException)
            {
                // Not readable by this user; try the next place.
            }
        }

        return fallback;
    }
}
