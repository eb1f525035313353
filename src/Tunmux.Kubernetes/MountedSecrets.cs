namespace Tunmux.Kubernetes;

/// <summary>
/// The folder where the Secret holding keys and credentials is mounted. Kubelet updates such a
/// volume by writing a new timestamped folder and renaming a "..data" symlink over the old one; the
/// user-visible files are symlinks through "..data" and never change themselves. So "what the
/// Secret holds now" is told by where "..data" points (no secret is read for that), and a change
/// shows as an event on the folder itself. A plain folder (development) is told by its files'
/// names, sizes and times.
/// </summary>
public sealed class MountedSecrets(string directory)
{
    private const string DataLink = "..data";

    /// <summary>A folder this large is not a Secret volume; the version stops listing there.</summary>
    private const int MaxEntries = 1000;

    public string Directory { get; } = directory;

    /// <summary>Changes whenever the mounted content may have changed; never holds any of it.</summary>
    public string Version()
    {
        try
        {
            if (new FileInfo(Path.Combine(Directory, DataLink)).LinkTarget is { } target)
            {
                return target;
            }

            return System.IO.Directory.Exists(Directory)
                ? string.Join('\n', new DirectoryInfo(Directory).EnumerateFiles().Take(MaxEntries)
                    .OrderBy(f => f.Name, StringComparer.Ordinal)
                    .Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"))
                : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // changing under us: the next event reads it again
        }
    }

    /// <summary>Calls <paramref name="changed"/> on any change in the folder (the "..data" swap included); null when there is no folder.</summary>
    public IDisposable? Watch(Action changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }

        var watcher = new FileSystemWatcher(Directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        void OnEvent(object? sender, EventArgs e) => changed();
        watcher.Changed += OnEvent;
        watcher.Created += OnEvent;
        watcher.Deleted += OnEvent;
        watcher.Renamed += OnEvent;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
