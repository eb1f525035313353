using Tunmux.Linux.Netlink;
using Tunmux.Linux.Netns;

namespace Tunmux.Linux.Observation;

/// <summary>Reads a namespace with rtnetlink, in-process (see <see cref="RouteNetlinkReader"/>).</summary>
internal sealed class NetlinkRoutingReader(HostPaths paths, Func<string?, NamespaceRouting>? read = null) : INamespaceRoutingReader
{
    private readonly Func<string?, NamespaceRouting> _read = read ?? RouteNetlinkReader.Read;

    /// <remarks>
    /// A namespace that cannot be entered (deleted since it was seen, or not a namespace at all)
    /// reads as nothing, as `ip -n` failing did, so the planner rebuilds it. A namespace that was
    /// entered but whose netlink reply could not be read (a timeout on a loaded host, dumps
    /// interrupted again and again) is not "no interface": reading that as absent would make the
    /// planner rebuild a tunnel that serves, so the failure goes up and the pass is retried.
    /// </remarks>
    public NamespaceRouting? Read(string namespaceName)
    {
        try
        {
            return _read(paths.NamespaceFile(namespaceName));
        }
        catch (NetworkNamespaceException)
        {
            return null;
        }
        catch (NetlinkException ex)
        {
            if (!paths.NamespaceExists(namespaceName))
            {
                return null;
            }

            throw new IOException($"could not read the links and routes of namespace {namespaceName}: {ex.Message}", ex);
        }
    }

    public NamespaceRouting ReadHost(string? hostNamespace)
    {
        try
        {
            return _read(hostNamespace is null ? null : paths.NamespaceFile(hostNamespace));
        }
        catch (Exception ex) when (ex is NetlinkException or NetworkNamespaceException)
        {
            throw new IOException($"could not read the links of the host namespace: {ex.Message}", ex);
        }
    }
}
