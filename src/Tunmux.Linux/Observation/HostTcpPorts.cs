using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Observation;

/// <summary>
/// Listening TCP ports in the host namespace. /proc/thread-self/net shows the namespace of
/// the reading thread, so a named host namespace is read from a thread that entered it.
/// </summary>
internal static class HostTcpPorts
{
    public static IReadOnlySet<int> List(HostScope host, HostPaths paths) =>
        host.Namespace is null
            ? Read()
            : NetworkNamespace.RunInside(paths.NamespaceFile(host.Namespace), Read);

    private static IReadOnlySet<int> Read()
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
