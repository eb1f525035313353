using Tunmux.Linux.Commands;

namespace Tunmux.Linux.Netns;

/// <summary>The iproute2 commands that act on a named namespace (argv only; nothing runs here).</summary>
internal static class NetnsCommands
{
    public static HostCommand Add(string ns) => HostCommand.Of("ip", "netns", "add", ns);

    public static HostCommand Delete(string ns) => HostCommand.Of("ip", "netns", "del", ns);

    public static HostCommand Pids(string ns) => HostCommand.Of("ip", "netns", "pids", ns);

    /// <summary><c>ip -n NS ARGS</c>: an ip command that acts inside the namespace.</summary>
    public static HostCommand Ip(string ns, params string[] args) => new(["ip", "-n", ns, .. args]);

    /// <summary><c>ip netns exec NS ARGV</c>: any program, run inside the namespace (with its /etc/netns files bind-mounted).</summary>
    public static HostCommand Exec(string ns, params string[] argv) => new(["ip", "netns", "exec", ns, .. argv]);
}
