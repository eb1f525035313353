namespace Tunmux.Linux.WireGuard;

/// <summary>Finds a program the way exec does: a name with a slash is a path, otherwise each PATH folder is tried.</summary>
internal static class ExecutableLocator
{
    public static string? Find(string program, string? searchPath = null)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(program) ? program : null;
        }

        var folders = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return folders.Select(folder => Path.Combine(folder, program)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
