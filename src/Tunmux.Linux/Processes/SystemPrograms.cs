using System.Collections.Concurrent;

namespace Tunmux.Linux.Processes;

/// <summary>
/// External programs (ip, wg, nft, setsid, ...) run by absolute path, found once in a fixed system
/// PATH. Starting one by bare name would let .NET look in the current directory and the
/// application's folder first, so a program named `ip` there would run as root.
/// </summary>
public static class SystemPrograms
{
    /// <summary>The only folders searched, in order; also the PATH given to the programs tunmux starts.</summary>
    public const string SearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// The working directory every program tunmux starts gets: never the caller's, which a user may
    /// control (a one-shot root CLI keeps its own directory for the paths it was given).
    /// </summary>
    public const string WorkingDirectory = "/";

    private static readonly ConcurrentDictionary<string, string?> Found = new(StringComparer.Ordinal);

    /// <summary>
    /// The absolute path of <paramref name="program"/>: unchanged when it already holds a '/',
    /// otherwise the first executable file of that name in <see cref="SearchPath"/>, or null.
    /// </summary>
    public static string? Resolve(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        return program.Contains('/') ? program : Found.GetOrAdd(program, Search);
    }

    /// <summary>Like <see cref="Resolve"/>, but a program not found keeps a path that cannot run anything else.</summary>
    public static string ResolveOrMissing(string program) => Resolve(program) ?? "/nonexistent/" + program;

    private static string? Search(string program) =>
        SearchPath.Split(':')
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(IsExecutableFile);

    private static bool IsExecutableFile(string path) =>
        File.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
