using System.Globalization;
using Tunmux.Runtime.Settings.Config;

namespace Tunmux.Cli.Privileged;

/// <summary>
/// The exact sudo command lines the CLI uses to start its root helper: few and fixed, so that a
/// sudoers rule can allow exactly these (README, "On-demand helper") and nothing else.
/// </summary>
public static class HelperCommand
{
    /// <summary>`sudo -n -b TUNMUX daemon --autostarted --group G [--autostop MODE [--idle-timeout-ms=N]]`.</summary>
    public static IReadOnlyList<string> Background(IReadOnlyList<string> self, string group, AutostopMode mode, TimeSpan idleTimeout) =>
        ["-n", "-b", .. Daemon(self, group, mode, idleTimeout)];

    /// <summary>The helper's own command line (what follows sudo's options).</summary>
    /// <param name="self">The argv that runs this tunmux (its absolute path; `dotnet tunmux.dll` in a build tree).</param>
    public static IReadOnlyList<string> Daemon(IReadOnlyList<string> self, string group, AutostopMode mode, TimeSpan idleTimeout)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (self.Count == 0 || !Path.IsPathFullyQualified(self[0]))
        {
            throw new ArgumentException("the helper is started by absolute path only", nameof(self));
        }

        List<string> argv = [.. self, "daemon", "--autostarted", "--group", group];
        switch (mode)
        {
            case AutostopMode.Command:
                argv.AddRange(["--autostop", "command"]);
                break;
            case AutostopMode.Timeout:
                argv.AddRange(["--autostop", "timeout", "--idle-timeout-ms=" + ((long)idleTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)]);
                break;
        }

        return argv;
    }
}
