using System.Text;

namespace Tunmux.Linux.Proxy;

/// <summary>
/// The last lines a helper wrote to its log during this run (logs are appended to, so the
/// length before the start marks where this run begins). Used in error messages.
/// </summary>
internal static class LogTail
{
    public const int DefaultLines = 10;

    public static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public static IReadOnlyList<string> LastLines(string path, long fromOffset, int maxLines = DefaultLines)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(fromOffset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= maxLines ? lines : lines[^maxLines..];
    }

    /// <summary>"; last log lines (PATH):\n..." or "; see PATH" when the run wrote nothing.</summary>
    public static string Describe(string path, long fromOffset)
    {
        var lines = LastLines(path, fromOffset);
        return lines.Count == 0
            ? $"; it wrote nothing to {path}"
            : $"; last lines of {path}:\n  " + string.Join("\n  ", lines);
    }
}
