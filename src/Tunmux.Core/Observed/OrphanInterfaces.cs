using Tunmux.Core.Model;

namespace Tunmux.Core.Observed;

/// <summary>
/// Which host interfaces a build left behind. A proxy-mode build creates its WireGuard interface in
/// the host namespace (kernel: a link of kind "wireguard"; wireguard-go: a tun device the process
/// holds), configures it and moves it into the exit's namespace; a build killed in between leaves
/// it there, never brought up. Such a link is an orphan when all of these hold, so that nothing that
/// may be someone else's is touched:
/// <list type="bullet">
/// <item>its kind is one a WireGuard backend creates (never a veth, bridge, dummy or physical device);</item>
/// <item>its name is one tunmux gives (the interface prefix and a tunnel's part, at most 15 bytes);</item>
/// <item>it is down: tunmux never brings an interface up in the host namespace in proxy mode;</item>
/// <item>no record and no direct-mode state names it (<paramref name="kept"/> in <see cref="Find"/>).</item>
/// </list>
/// The caller observes while no build runs (the host pass holds the state lock exclusively), so a
/// declared tunnel without a record has no build under way: its leftover is an orphan too, and its
/// next build starts clean.
/// </summary>
public static class OrphanInterfaces
{
    /// <summary>The kinds a WireGuard backend creates: kernel WireGuard, and wireguard-go's tun device.</summary>
    public static IReadOnlyList<string> WireGuardKinds { get; } = ["wireguard", "tun"];

    /// <param name="kept">Interfaces tunmux keeps on purpose: every tunnel record's, direct mode's.</param>
    public static IReadOnlyList<string> Find(IEnumerable<HostLink> links, HostNaming naming, IEnumerable<string> kept)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(naming);
        ArgumentNullException.ThrowIfNull(kept);
        var owned = kept.ToHashSet(StringComparer.Ordinal);
        return links
            .Where(link => !link.AdminUp
                && link.Kind is { } kind && WireGuardKinds.Contains(kind, StringComparer.Ordinal)
                && naming.IsInterfaceName(link.Name)
                && !owned.Contains(link.Name))
            .Select(link => link.Name)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
