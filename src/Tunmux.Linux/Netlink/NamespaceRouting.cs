namespace Tunmux.Linux.Netlink;

/// <summary>The interfaces and IPv4 routes of one network namespace at one moment.</summary>
public sealed record NamespaceRouting(IReadOnlyList<NetlinkLink> Links, IReadOnlyList<NetlinkRoute> Routes)
{
    public NetlinkLink? Link(string name) => Links.FirstOrDefault(link => link.Name == name);

    /// <summary>True when the main table has an ordinary IPv4 default route through the named interface.</summary>
    public bool HasDefaultRouteVia(string name) =>
        Link(name) is { } link && Routes.Any(route => route.IsDefaultIPv4Via(link.Index));
}
