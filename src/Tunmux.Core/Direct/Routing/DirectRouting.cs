using System.Net;
using System.Net.Sockets;

namespace Tunmux.Core.Direct.Routing;

/// <summary>
/// Routing for a direct tunnel, as wg-quick does it for a default route: the tunnel's own UDP
/// carries <see cref="DirectMarks.Mark"/> and takes the main table; everything else is looked up in
/// table <see cref="DirectMarks.Table"/> (<c>not fwmark M lookup T</c>), after <c>lookup main
/// suppress_prefixlength 0</c> so the main table's more specific routes (the LAN, the link) keep
/// working. Unlike wg-quick, table T also holds an unreachable default under the tunnel's route: when
/// the interface disappears, traffic fails there instead of falling through to the main table's
/// default (the firewall would stop it too; this is the second layer). A family the tunnel does not
/// carry gets only the unreachable route, so IPv6 is blocked, never leaked.
/// </summary>
public static class DirectRouting
{
    /// <summary>The metric of the unreachable floor: below any real route.</summary>
    public const uint FloorMetric = 4_294_967_295;

    public static IReadOnlyList<RouteStep> Up(string interfaceName, IReadOnlyList<string> allowedIps, bool ipv6)
    {
        ArgumentNullException.ThrowIfNull(allowedIps);
        var steps = new List<RouteStep> { new RouteStep.Sysctl("net.ipv4.conf.all.src_valid_mark", "1") };
        foreach (var family in new[] { IpFamily.V4, IpFamily.V6 })
        {
            var carried = family == IpFamily.V4 || ipv6;
            var prefixes = carried ? allowedIps.Where(p => FamilyOf(p) == family).ToList() : [];
            steps.AddRange(prefixes.Select(p => new RouteStep.Route(family, p, interfaceName, DirectMarks.Table, null)));
            steps.Add(new RouteStep.Route(family, Default(family), null, DirectMarks.Table, FloorMetric));
            steps.AddRange(Rules(family, add: true));
        }

        return steps;
    }

    /// <summary>Undo <see cref="Up"/>: both rules and the table, per family. src_valid_mark is restored by the host from its saved value.</summary>
    public static IReadOnlyList<RouteStep> Down()
    {
        var steps = new List<RouteStep>();
        foreach (var family in new[] { IpFamily.V4, IpFamily.V6 })
        {
            steps.AddRange(Rules(family, add: false).Reverse());
            steps.Add(new RouteStep.RemoveFloor(family, DirectMarks.Table, FloorMetric));
            steps.Add(new RouteStep.FlushTable(family, DirectMarks.Table));
        }

        return steps;
    }

    private static IEnumerable<RouteStep> Rules(IpFamily family, bool add)
    {
        yield return new RouteStep.Rule(family, add, DirectMarks.SuppressRulePriority, ["table", "main", "suppress_prefixlength", "0"]);
        yield return new RouteStep.Rule(family, add, DirectMarks.TunnelRulePriority,
            ["not", "fwmark", DirectMarks.MarkText, "table", DirectMarks.Table.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static string Default(IpFamily family) => family == IpFamily.V4 ? "0.0.0.0/0" : "::/0";

    private static IpFamily FamilyOf(string prefix)
    {
        var address = prefix.Split('/')[0];
        return IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.V6 : IpFamily.V4;
    }
}
