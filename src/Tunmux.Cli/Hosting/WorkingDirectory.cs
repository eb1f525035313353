using System.CommandLine;
using Tunmux.Daemon;

namespace Tunmux.Cli.Hosting;

/// <summary>
/// tunmux run as root works from "/", not from wherever it was started: a root process whose
/// working directory a user controls could pick up files or programs from there (.NET looks for a
/// bare program name in the current directory before PATH; tunmux starts programs by absolute
/// path, and this is the second line). Paths a person gives (options, path-valued environment
/// variables, config values) mean what they meant where the command was started: they are
/// resolved against <see cref="Start"/>, captured before the change.
/// </summary>
public static class WorkingDirectory
{
    public const string Root = "/";

    /// <summary>Environment variables that hold paths; relative values are made absolute before leaving.</summary>
    public static readonly IReadOnlyList<string> PathVariables =
    [
        "TUNMUX_STATE_DIR", "TUNMUX_RUN_DIR", "TUNMUX_SOCKET", "TUNMUX_CONFIG_DIR", "TUNMUX_RESOLV_CONF",
        "TUNMUX_DETACHED_LOG", "TUNMUX_AIRVPN_PROVIDER_FILE",
    ];

    private static readonly Lazy<string> StartDirectory = new(Directory.GetCurrentDirectory);

    /// <summary>The directory the process was started in (captured at first use, which <see cref="LeaveForRoot"/> makes early).</summary>
    public static string Start => StartDirectory.Value;

    /// <summary>
    /// As root: notes <see cref="Start"/>, makes relative path-valued environment variables absolute
    /// (for this process and the programs it starts) and changes to "/". A user's own CLI keeps its directory.
    /// </summary>
    public static void LeaveForRoot()
    {
        _ = Start;
        if (!Privileges.IsRoot())
        {
            return;
        }

        foreach (var name in PathVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value && !Path.IsPathRooted(value))
            {
                Environment.SetEnvironmentVariable(name, Resolve(value, Start));
            }
        }

        Directory.SetCurrentDirectory(Root);
    }

    /// <summary><paramref name="path"/> as meant where the command was started, against <paramref name="start"/>.</summary>
    public static string Resolve(string path, string start)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length == 0 ? path : Path.GetFullPath(path, start);
    }

    /// <summary>A path given on the command line, resolved against <see cref="Start"/>.</summary>
    public static string FromCommandLine(string path) => Resolve(path, Start);

    /// <summary>Makes the option's value absolute as it is parsed, so it survives the change of directory.</summary>
    public static Option<string?> AsPath(this Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = result => result.Tokens.Count == 0 ? null : FromCommandLine(result.Tokens[^1].Value);
        return option;
    }

    /// <inheritdoc cref="AsPath(Option{string?})"/>
    public static Option<string> AsRequiredPath(this Option<string> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = result => result.Tokens.Count == 0 ? "" : FromCommandLine(result.Tokens[^1].Value);
        return option;
    }

    /// <inheritdoc cref="AsPath(Option{string?})"/>
    public static Option<string[]> AsPaths(this Option<string[]> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = result => [.. result.Tokens.Select(t => FromCommandLine(t.Value))];
        return option;
    }

    /// <summary>The options with their paths (from flags, or config.toml) resolved against the directory the daemon was started in.</summary>
    public static DaemonOptions Absolute(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            SocketPath = FromCommandLine(options.SocketPath),
            ManifestsDirectory = options.ManifestsDirectory is { } folder ? FromCommandLine(folder) : null,
        };
    }
}
