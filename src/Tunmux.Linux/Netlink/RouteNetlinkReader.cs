namespace Tunmux.Linux.Netlink;

/// <summary>
/// Reads a namespace's interfaces and IPv4 routes in-process with two rtnetlink dumps
/// (RTM_GETLINK, RTM_GETROUTE), where <c>ip -j link show</c> and <c>ip -j route show</c>
/// would each cost a process.
/// </summary>
public static class RouteNetlinkReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads when a dump comes back interrupted (the tables changed meanwhile) before giving up.</summary>
    private const int Attempts = 3;

    /// <summary>
    /// Reads the namespace at <paramref name="namespacePath"/> (a /run/netns file), or this
    /// process's own namespace when it is null. Throws <see cref="NetlinkException"/> or
    /// <see cref="Netns.NetworkNamespaceException"/> (for example when the namespace is gone).
    /// </summary>
    public static NamespaceRouting Read(string? namespacePath)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ReadOnce(namespacePath);
            }
            catch (NetlinkDumpInterruptedException) when (attempt < Attempts)
            {
                // A link or route changed during the dump: a fresh socket reads a consistent picture.
            }
        }
    }

    private static NamespaceRouting ReadOnce(string? namespacePath)
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
