using Tunmux.Linux.Netlink;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Observation;

/// <summary>Reads a namespace with rtnetlink, in-process (see <see cref="RouteNetlinkReader"/>).</summary>
internal sealed class NetlinkRoutingReader(HostPaths paths) : INamespaceRoutingReader
{
    /// <remarks>A namespace deleted since it was seen cannot be entered: that reads as nothing, as `ip -n` failing did.</remarks>
    public NamespaceRouting? Read(string namespaceName)
    {
        try
        {
            return RouteNetlinkReader.Read(paths.NamespaceFile(namespaceName));
        }
        catch (Exception ex) when (ex is NetlinkException or NetworkNamespaceException)
        {
            return null;
        }
    }
}
