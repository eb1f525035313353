using System.Globalization;
using Tunmux.Daemon.Control;

namespace Tunmux.Cli.Daemon;

/// <summary>
/// Who a stdio helper serves: the user sudo ran it for (SUDO_UID and SUDO_GID, which sudo itself
/// sets) and sudo's process. There is no socket to ask SO_PEERCRED; sudo's policy decided.
/// </summary>
public static class StdioPeer
{
    public static PeerCredentials FromSudo(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new PeerCredentials(ParentPid(), Id(environment("SUDO_UID")), Id(environment("SUDO_GID")));
    }

    /// <summary>Root when sudo set nothing (root started the helper itself).</summary>
    private static uint Id(string? text) => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;

    /// <summary>Field 4 of /proc/self/stat, after the command name (which may hold spaces and parentheses).</summary>
    private static int ParentPid()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
