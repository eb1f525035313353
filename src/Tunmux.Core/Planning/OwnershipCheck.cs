using Tunmux.Core.Model;
using Tunmux.Core.State;

namespace Tunmux.Core.Planning;

/// <summary>
/// Defence in depth for the executor: before a change touches the host, every name it would act
/// on must be one tunmux owns. Object names become state file names, so they hold no '/', NUL or
/// control character and are not "." or ".."; a record's namespace and interface must be exactly
/// the ones its name gives under the configured prefixes (the ownership marks agree); an orphan
/// namespace carries the prefix; an orphan interface has a name tunmux gives; a process to stop has a real PID (never 0 or 1, whose signals
/// reach a whole group or init). A change that fails is reported, never acted on: the planner
/// should never produce one, and if it ever does (a corrupted or planted record), nothing
/// outside tunmux's own objects is touched.
/// </summary>
public static class OwnershipCheck
{
    public const int MaxNameLength = 253;

    /// <summary>Null when the change may run; otherwise why it is refused, naming the offending value.</summary>
    public static string? Refusal(PlannedChange change, HostNaming naming)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(naming);
        return NameProblem("name", change.Name) ?? change switch
        {
            DeleteOrphanNamespace orphan => OrphanProblem(orphan.Namespace, naming),
            DeleteOrphanInterface orphan => naming.IsInterfaceName(orphan.Interface)
                ? null
                : $"refused: interface '{Printable(orphan.Interface)}' is not a name tunmux gives (prefix '{naming.InterfacePrefix}', at most {HostNaming.MaxInterfaceName} bytes)",
            ReplaceTunnel replace => TunnelProblem(change, replace.Current, naming),
            DeleteTunnel delete => TunnelProblem(change, delete.Current, naming),
            ReconnectTunnel reconnect => TunnelProblem(change, reconnect.Current, naming),
            CreateProxy create => NameProblem("tunnelRef", create.Desired.TunnelRef),
            ReplaceProxy replace => ProxyProblem(change, replace.Current) ?? NameProblem("tunnelRef", replace.Desired.TunnelRef),
            DeleteProxy delete => ProxyProblem(change, delete.Current),
            CreatePortForward create => NameProblem("tunnel", create.Desired.Tunnel),
            ReplacePortForward replace => KeeperProblem(change, replace.Current) ?? NameProblem("tunnel", replace.Desired.Tunnel),
            DeletePortForward delete => KeeperProblem(change, delete.Current),
            _ => null,
        };
    }

    private static string? ProxyProblem(PlannedChange change, ProxyRecord proxy) =>
        RecordProblem(change, "proxy", proxy.Name, proxy.Process) ?? NameProblem("tunnelRef", proxy.TunnelRef);

    private static string? KeeperProblem(PlannedChange change, PortForwardRecord keeper) =>
        RecordProblem(change, "port forward", keeper.Name, keeper.Process);

    /// <summary>Null when <paramref name="name"/> can be a file name and part of a host object's name.</summary>
    public static string? NameProblem(string field, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            return $"refused: {field} must be 1 to {MaxNameLength} characters";
        }

        if (name is "." or ".." || name.Any(c => c == '/' || char.IsControl(c)))
        {
            return $"refused: {field} '{Printable(name)}' is not a name tunmux can own (a path or control character)";
        }

        return null;
    }

    private static string? OrphanProblem(string ns, HostNaming naming) =>
        naming.TunnelOfNamespace(ns) is { } tunnel
            ? NameProblem("namespace", tunnel)
            : $"refused: namespace '{Printable(ns)}' does not carry the prefix '{naming.NamespacePrefix}', so it is not tunmux's";

    private static string? TunnelProblem(PlannedChange change, TunnelRecord record, HostNaming naming)
    {
        if (record.Name != change.Name)
        {
            return $"refused: the tunnel record for '{Printable(change.Name)}' names '{Printable(record.Name)}'";
        }

        if (record.Namespace != naming.NamespaceFor(record.Name))
        {
            return $"refused: the tunnel record names namespace '{Printable(record.Namespace)}', not '{naming.NamespaceFor(record.Name)}'";
        }

        if (record.Interface != naming.InterfaceFor(record.Name))
        {
            return $"refused: the tunnel record names interface '{Printable(record.Interface)}', not '{naming.InterfaceFor(record.Name)}'";
        }

        return record.WireGuardProcess is { } process ? PidProblem("wireguard-go", process) : null;
    }

    private static string? RecordProblem(PlannedChange change, string kind, string recordName, ProcessRef process) =>
        recordName != change.Name
            ? $"refused: the {kind} record for '{Printable(change.Name)}' names '{Printable(recordName)}'"
            : PidProblem(kind + " worker", process);

    private static string? PidProblem(string what, ProcessRef process) =>
        process.Pid > 1 ? null : $"refused: the {what} record holds PID {process.Pid}, which is no process tunmux started";

    private static string Printable(string text) =>
        string.Concat(text.Take(MaxNameLength).Select(c => char.IsControl(c) ? '?' : c));
}
