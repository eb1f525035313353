using Tunmux.Linux.Netlink;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Observation;

/// <summary>
/// Listening TCP ports in the host namespace, from a sock_diag dump of listening sockets only.
/// Reading /proc/net/tcp instead walks the kernel's whole connection hash (milliseconds per
/// read on a busy host): it is kept only for kernels without sock_diag for TCP.
/// </summary>
internal static class HostTcpPorts
{
    public static IReadOnlySet<int> List(HostScope host, HostPaths paths)
    {
        var namespacePath = host.Namespace is null ? null : paths.NamespaceFile(host.Namespace);
        try
        {
            return ListeningTcpPorts.Read(namespacePath);
        }
        catch (NetlinkException)
        {
            return namespacePath is null ? ReadProc() : NetworkNamespace.RunInside(namespacePath, ReadProc);
        }
    }

    /// <summary>/proc/thread-self/net shows the namespace of the reading thread.</summary>
    private static IReadOnlySet<int> ReadProc()
    {
        var ports = new HashSet<int>();
        foreach (var file in new[] { "/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6" })
        {
            if (File.Exists(file))
            {
                ports.UnionWith(ProcNetTcpParser.ListeningPorts(File.ReadAllText(file)));
            }
        }

        return ports;
    }
}
