namespace Tunmux.Linux.Direct;

/// <summary>Which paths are mount points, from /proc/self/mountinfo (field 5 is the mount point, octal-escaped).</summary>
public sealed class MountTable(string mountInfoPath = "/proc/self/mountinfo")
{
    public bool IsMountPoint(string path)
    {
        var full = Path.GetFullPath(path);
        foreach (var line in File.ReadLines(mountInfoPath))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == full)
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
