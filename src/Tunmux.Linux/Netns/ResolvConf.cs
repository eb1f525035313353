using System.Net;
using System.Text;
using Tunmux.Files;

namespace Tunmux.Linux.Netns;

/// <summary>
/// /etc/netns/NS/resolv.conf: <c>ip netns exec</c> bind-mounts it over /etc/resolv.conf, so
/// ordinary name resolution inside the namespace asks the tunnel's DNS servers. The file is
/// written even with no servers, so the namespace never falls back to the host's resolver
/// configuration.
/// </summary>
internal static class ResolvConf
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string Render(IReadOnlyList<string> dnsServers)
    {
        var text = new StringBuilder("# written by tunmux: the tunnel's DNS servers\n");
        foreach (var server in dnsServers)
        {
            // Only addresses: anything else would let a manifest write arbitrary resolver options.
            if (!IPAddress.TryParse(server, out var address))
            {
                throw new ArgumentException($"DNS server '{server}' is not an IP address", nameof(dnsServers));
            }

            text.Append("nameserver ").Append(address).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the file (folder 0755, file 0644) and returns its path.</summary>
    public static string Write(HostPaths paths, string ns, IReadOnlyList<string> dnsServers)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("network namespaces exist only on Linux");
        }

        var text = Render(dnsServers);
        if (!Directory.Exists(paths.EtcNetnsDir))
        {
            Directory.CreateDirectory(paths.EtcNetnsDir, DirectoryMode);
        }

        var folder = paths.EtcNetns(ns);
        Directory.CreateDirectory(folder, DirectoryMode);
        File.SetUnixFileMode(folder, DirectoryMode);
        var file = Path.Combine(folder, "resolv.conf");
        StateFile.WriteText(file, text, FileMode);
        return file;
    }

    /// <summary>
    /// The servers in the file tunmux wrote for namespace <paramref name="ns"/>; none when it is
    /// missing or names none (so a proxy worker resolves nothing rather than asking the host).
    /// </summary>
    public static IReadOnlyList<IPAddress> ReadServers(HostPaths paths, string ns)
    {
        var text = Tunmux.Files.StateFile.TryReadText(Path.Combine(paths.EtcNetns(ns), "resolv.conf"), maxBytes: 64 * 1024) ?? "";
        return ParseServers(text);
    }

    public static IReadOnlyList<IPAddress> ParseServers(string text) =>
        text.Split('\n')
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 2 && fields[0] == "nameserver")
            .Select(fields => IPAddress.TryParse(fields[1], out var address) ? address : null)
            .OfType<IPAddress>()
            .ToList();

    /// <summary>Removes /etc/netns/NS; nothing to do when it is already gone.</summary>
    public static void Remove(HostPaths paths, string ns)
    {
        var folder = paths.EtcNetns(ns);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
