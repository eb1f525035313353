namespace Tunmux.Core.Observed;

/// <summary>A network interface in the host namespace, as far as telling a tunmux leftover apart needs.</summary>
/// <param name="Kind">The link's kind (IFLA_INFO_KIND: "wireguard", "tun", "veth", ...); null when it has none (a physical device) or it could not be read.</param>
/// <param name="AdminUp">IFF_UP.</param>
public sealed record HostLink(string Name, string? Kind, bool AdminUp);
