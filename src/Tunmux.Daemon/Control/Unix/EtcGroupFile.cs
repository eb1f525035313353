using System.Globalization;

namespace Tunmux.Daemon.Control.Unix;

/// <summary>Reads the /etc/group format (name:password:gid:members); the fallback when NSS is unavailable.</summary>
public static class EtcGroupFile
{
    public static uint? FindGid(string contents, string name) =>
        Entries(contents).Where(e => e.Name == name).Select(e => (uint?)e.Gid).FirstOrDefault();

    public static string? FindName(string contents, uint gid) =>
        Entries(contents).Where(e => e.Gid == gid).Select(e => e.Name).FirstOrDefault();

    private static IEnumerable<(string Name, uint Gid)> Entries(string contents)
    {
        foreach (var rawLine in contents.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('+') || line.StartsWith('-'))
            {
                continue;
            }

            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0].Length > 0
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                yield return (fields[0], gid);
            }
        }
    }
}
