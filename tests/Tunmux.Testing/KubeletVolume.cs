using System.Globalization;

namespace Tunmux.Testing;

/// <summary>
/// A Secret or ConfigMap volume laid out and updated the way kubelet's atomic writer does it: the
/// payload lives in a timestamped folder ("..2026_12_06_04_05_00.123456789"), "..data" is a
/// symlink to that folder, and each user-visible name is a symlink "NAME -> ..data/NAME". An
/// update writes a new timestamped folder, points "..data_tmp" at it, renames "..data_tmp" over
/// "..data" (the one atomic step), adds links for new names, drops links of removed names, and
/// deletes the old folder. The user-visible files never change themselves: only "..data" moves.
/// </summary>
public sealed class KubeletVolume
{
    public const string DataLink = "..data";
    private const string DataLinkTemporary = "..data_tmp";
    private int _updates;

    public KubeletVolume(string directory, IReadOnlyDictionary<string, string> payload)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Update(payload);
    }

    public string Directory { get; }

    /// <summary>The timestamped folder "..data" points at now (relative name).</summary>
    public string Current => new FileInfo(Path.Combine(Directory, DataLink)).LinkTarget ?? "";

    /// <summary>Replaces the whole payload in one atomic swap, as kubelet does when the object changes.</summary>
    public void Update(IReadOnlyDictionary<string, string> payload)
    {
        var old = new FileInfo(Path.Combine(Directory, DataLink)).LinkTarget;

        // 1. The new payload in a folder of its own (kubelet: "..<UTC time>.<random>"; the counter keeps two updates in one tick apart).
        var stamp = DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss", CultureInfo.InvariantCulture);
        var folder = $"..{stamp}.{Environment.ProcessId}{Interlocked.Increment(ref _updates):D6}";
        var target = Path.Combine(Directory, folder);
        System.IO.Directory.CreateDirectory(target);
        foreach (var (name, content) in payload)
        {
            var path = Path.Combine(target, name);
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(stream);
            writer.Write(content);
        }

        // 2. "..data_tmp" -> the new folder, renamed over "..data": readers see the old or the new payload, never a mix.
        var temporary = Path.Combine(Directory, DataLinkTemporary);
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, folder);
        // rename(2) itself: File.Move follows the link to check that a file is there, and this one points at a folder.
        if (Rename(temporary, Path.Combine(Directory, DataLink)) != 0)
        {
            throw new IOException($"rename {temporary}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }

        // 3. User-visible links: added for new names, removed for names that left the payload.
        foreach (var name in payload.Keys)
        {
            var link = Path.Combine(Directory, name);
            if (new FileInfo(link).LinkTarget is null)
            {
                File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
            }
        }

        foreach (var link in System.IO.Directory.EnumerateFileSystemEntries(Directory).Select(Path.GetFileName).OfType<string>())
        {
            if (!link.StartsWith("..", StringComparison.Ordinal) && !payload.ContainsKey(link))
            {
                File.Delete(Path.Combine(Directory, link));
            }
        }

        // 4. The old payload goes last.
        if (old is { Length: > 0 })
        {
            System.IO.Directory.Delete(Path.Combine(Directory, old), recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string from, string to);
}
