using Tunmux.Daemon;

namespace Tunmux.Cli.Hosting;

/// <summary>
/// The daemon runs from "/", not from wherever it was started: a root process whose working
/// directory a user controls could pick up files or programs from there (.NET looks for a bare
/// program name in the current directory before PATH; tunmux starts programs by absolute path,
/// and this is the second line). Paths given on the command line are made absolute first.
/// </summary>
public static class WorkingDirectory
{
    public const string Root = "/";

    /// <summary>Changes to "/" when running as root; a user's own CLI keeps its directory.</summary>
    public static void LeaveForRoot()
    {
        if (Privileges.IsRoot())
        {
            Directory.SetCurrentDirectory(Root);
        }
    }

    /// <summary>The options with their paths resolved against the directory the daemon was started in.</summary>
    public static DaemonOptions Absolute(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            SocketPath = Path.GetFullPath(options.SocketPath),
            ManifestsDirectory = options.ManifestsDirectory is { } folder ? Path.GetFullPath(folder) : null,
        };
    }
}
