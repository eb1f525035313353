using Tunmux.Core.Direct.Firewall;
using Tunmux.Core.Model;
using Tunmux.Core.Planning;

namespace Tunmux.Core.Direct;

/// <summary>
/// What direct mode remembered making (its state file), as far as names and numbers go that become
/// host objects when acted on: the interface to delete, the wg-quick config to run down and remove,
/// the wireguard-go to stop, the link whose DNS settings to revert.
/// </summary>
public sealed record DirectRecord(string? TunnelName, string? Interface, string? WgQuickConfig, int? WireGuardGoPid, int? InterfaceIndex);

/// <summary>
/// Direct mode's defence in depth, as <see cref="OwnershipCheck"/> is for exits: before direct mode
/// acts on a name read back from its state or on an nftables table, the name must be one tunmux
/// owns. The firewall lives in exactly one table, <c>inet tunmux</c>; the interface is the one the
/// tunnel's name gives under the configured prefix (the ownership marks agree) and a kernel
/// interface name; the wg-quick config is the one under the state directory for that interface; a
/// process to stop has a real PID. A record that fails is reported, never acted on.
/// </summary>
public static class DirectOwnership
{
    /// <summary>Null when the table is direct mode's own; otherwise why it is refused.</summary>
    public static string? TableProblem(string family, string table)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(table);
        if (!IsSafeNftName(family) || !IsSafeNftName(table))
        {
            return $"refused: nftables table '{Printable(family)} {Printable(table)}' is not a plain name (letters, digits, '_' and '-' only)";
        }

        return family == NftRuleset.Family && table == NftRuleset.Table
            ? null
            : $"refused: nftables table '{family} {table}' is not tunmux's (it owns '{NftRuleset.Family} {NftRuleset.Table}' only)";
    }

    /// <summary>Null when every name in <paramref name="record"/> is tunmux's to act on; otherwise why not.</summary>
    /// <param name="stateDirectory">Direct mode's state directory, where its wg-quick configs live.</param>
    public static string? StateProblem(DirectRecord record, HostNaming naming, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(naming);
        ArgumentNullException.ThrowIfNull(stateDirectory);
        if (record.TunnelName is { } tunnel && OwnershipCheck.NameProblem("the direct state's tunnel name", tunnel) is { } nameProblem)
        {
            return nameProblem;
        }

        if (record.Interface is { } iface)
        {
            if (!IsInterfaceName(iface))
            {
                return $"refused: the direct state names interface '{Printable(iface)}', which is no interface name (1 to {HostNaming.MaxInterfaceName} letters, digits, '_', '.' or '-')";
            }

            if (record.TunnelName is not { } name || iface != naming.InterfaceFor(name))
            {
                return record.TunnelName is null
                    ? $"refused: the direct state names interface '{iface}' but no tunnel it belongs to"
                    : $"refused: the direct state names interface '{iface}', not '{naming.InterfaceFor(record.TunnelName)}' (the one tunnel '{Printable(record.TunnelName)}' owns)";
            }

            if (record.WgQuickConfig is { } config && config != Path.Combine(stateDirectory, iface + ".conf"))
            {
                return $"refused: the direct state names wg-quick config '{Printable(config)}', not '{Path.Combine(stateDirectory, iface + ".conf")}'";
            }
        }
        else if (record.WgQuickConfig is not null || record.WireGuardGoPid is not null)
        {
            return "refused: the direct state names a wg-quick config or a wireguard-go process but no interface";
        }

        if (record.WireGuardGoPid is { } pid and <= 1)
        {
            return $"refused: the direct state holds wireguard-go PID {pid}, which is no process tunmux started";
        }

        return record.InterfaceIndex is { } index and <= 0
            ? $"refused: the direct state holds interface index {index}, which is no interface"
            : null;
    }

    private static bool IsSafeNftName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= HostNaming.MaxInterfaceName && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string Printable(string text) =>
        string.Concat(text.Take(OwnershipCheck.MaxNameLength).Select(c => char.IsControl(c) ? '?' : c));
}
