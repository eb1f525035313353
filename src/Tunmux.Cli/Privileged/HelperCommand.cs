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

    /// <summary>`sudo -n TUNMUX daemon --autostarted --group G --stdio`: one command's helper, in the foreground, on its standard input and output.</summary>
    public static IReadOnlyList<string> Stdio(IReadOnlyList<string> self, string group) =>
        ["-n", .. Daemon(self, group, AutostopMode.Never, TimeSpan.Zero), "--stdio"];

    /// <summary>
    /// The sudoers lines that allow exactly the helper's command lines for <paramref name="who"/>
    /// (a user, or %group): one per autostop setting, and the stdio helper. Characters sudoers
    /// treats specially in arguments are escaped.
    /// </summary>
    public static IReadOnlyList<string> SudoersLines(string who, IReadOnlyList<string> self, string group, TimeSpan idleTimeout)
    {
        IReadOnlyList<IReadOnlyList<string>> commands =
        [
            Daemon(self, group, AutostopMode.Never, idleTimeout),
            Daemon(self, group, AutostopMode.Command, idleTimeout),
            Daemon(self, group, AutostopMode.Timeout, idleTimeout),
            [.. Daemon(self, group, AutostopMode.Never, idleTimeout), "--stdio"],
        ];
        return commands.Select(argv => $"{who} ALL=(root) NOPASSWD: {string.Join(' ', argv.Select(Escape))}").ToList();
    }

    private static string Escape(string word)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (var c in word)
        {
            if (c is ',' or ':' or '=' or '\\' or '*' or '?' or '[' or ']' or '!' or ' ')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

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
