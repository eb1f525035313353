using System.Text;

namespace Tunmux.Runtime.State;

/// <summary>
/// Writes a file so that readers see the old content or the new, never half of either: write
/// a temporary file beside it, flush it to disk, then rename over the target.
/// </summary>
public static class AtomicFile
{
    private static long _writes;

    public static void WriteAllText(string path, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        // Unique per write, not only per process: the control loop's workers write at the same time.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Interlocked.Increment(ref _writes)}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        };
        using (var stream = new FileStream(temporary, options))
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
