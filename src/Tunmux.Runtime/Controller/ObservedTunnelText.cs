using System.Globalization;
using Tunmux.Core.Observed;

namespace Tunmux.Runtime.Controller;

/// <summary>What a pass saw of one tunnel, in one line for the log (no secrets: names, flags, PIDs).</summary>
internal static class ObservedTunnelText
{
    public static string Of(ObservedTunnel? tunnel)
    {
        if (tunnel is null)
        {
            return "no record";
        }

        var facts = tunnel.Facts;
        var record = tunnel.Record;
        var process = record.WireGuardProcess is { } wireguard
            ? $", wireguard-go {wireguard.Pid.ToString(CultureInfo.InvariantCulture)} {(facts.WireGuardProcessAlive ? "alive" : "gone")}"
            : "";
        return $"record of {record.CreatedAt.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}: "
            + $"namespace {Said(facts.NamespaceExists)}, interface {Said(facts.InterfaceExists)}, up {Said(facts.InterfaceUp)}, "
            + $"default route {Said(facts.HasDefaultRoute)}{process}";
    }

    private static string Said(bool value) => value ? "yes" : "no";
}
