namespace Tunmux.Linux.Netlink;

/// <summary>
/// Reads a namespace's interfaces and IPv4 routes in-process with two rtnetlink dumps
/// (RTM_GETLINK, RTM_GETROUTE), where <c>ip -j link show</c> and <c>ip -j route show</c>
/// would each cost a process.
/// </summary>
public static class RouteNetlinkReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads the namespace at <paramref name="namespacePath"/> (a /run/netns file), or this
    /// process's own namespace when it is null. Throws <see cref="NetlinkException"/> or
    /// <see cref="Netns.NetworkNamespaceException"/> (for example when the namespace is gone).
    /// </summary>
    public static NamespaceRouting Read(string? namespacePath)
    {
        using var socket = NetlinkSocket.Open(NetlinkConstants.NetlinkRoute, namespacePath, Timeout);
        var links = new List<NetlinkLink>();
        socket.Dump(NetlinkRequest.Links(NetlinkSocket.NextSequence()), NetlinkConstants.NewLink, payload =>
        {
            if (NetlinkLink.Parse(payload) is { } link)
            {
                links.Add(link);
            }
        });

        var routes = new List<NetlinkRoute>();
        socket.Dump(NetlinkRequest.Routes(NetlinkSocket.NextSequence(), NetlinkConstants.AfInet), NetlinkConstants.NewRoute, payload =>
        {
            if (NetlinkRoute.Parse(payload) is { } route)
            {
                routes.Add(route);
            }
        });

        return new NamespaceRouting(links, routes);
    }
}
