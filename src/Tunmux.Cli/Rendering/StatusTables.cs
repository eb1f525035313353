using Spectre.Console;
using Tunmux.Runtime.Operations;

namespace Tunmux.Cli.Rendering;

/// <summary>The tables of get and status. Plain text without colour when output is not a terminal.</summary>
public static class StatusTables
{
    public static Table Tunnels(IReadOnlyList<TunnelStatus> rows, DateTimeOffset now, bool wide)
    {
        var table = NewTable("NAME", "PROVIDER", "MODE", "BACKEND", "READY", "REASON", "HANDSHAKE", "AGE");
        if (wide)
        {
            table.AddColumns("NAMESPACE", "INTERFACE", "ENDPOINT", "PORT", "RX", "TX", "OWNER");
        }

        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                row.Name, row.Provider, row.Mode, row.Backend ?? "-", Ready(row.Ready), row.Reason,
                Formats.Age(row.LatestHandshake, now), Formats.Age(row.CreatedAt, now),
            };
            if (wide)
            {
                cells.AddRange([row.Namespace ?? "-", row.Interface ?? "-", row.PeerEndpoint ?? "-", Port(row), Formats.Bytes(row.RxBytes), Formats.Bytes(row.TxBytes), Owner(row.OwnerUid)]);
            }

            table.AddRow(cells.Select(SafeText.Markup).ToArray());
        }

        return table;
    }

    public static Table Proxies(IReadOnlyList<ProxyStatus> rows, DateTimeOffset now, bool wide)
    {
        var table = NewTable("NAME", "TUNNEL", "SOCKS", "HTTP", "READY", "REASON", "AGE");
        if (wide)
        {
            table.AddColumns("OWNER", "PID", "CONNS");
        }

        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                row.Name, row.TunnelRef, row.Socks ?? "-", row.Http ?? "-", Ready(row.Ready), row.Reason, Formats.Age(row.CreatedAt, now),
            };
            if (wide)
            {
                cells.Add(Owner(row.OwnerUid));
                cells.Add(row.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
                cells.Add(row.ActiveConnections?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
            }

            table.AddRow(cells.Select(SafeText.Markup).ToArray());
        }

        return table;
    }

    /// <summary>
    /// One row per tunnel with its proxies' listeners: the overview a person wants first. SERVER is
    /// where the exit leaves from (the provider's server, else the active peer's endpoint); PORT the
    /// forwarded port, while one is held; READY and REASON cover the tunnel and its proxies together.
    /// </summary>
    /// <param name="killSwitch">Direct mode's KILLSWITCH cell by tunnel name; the column shows only when direct mode has a status.</param>
    public static Table Overview(IReadOnlyList<TunnelStatus> tunnels, IReadOnlyList<ProxyStatus> proxies, DateTimeOffset now, IReadOnlyDictionary<string, string>? killSwitch = null)
    {
        var table = NewTable("NAME", "PROVIDER", "SERVER", "MODE", "SOCKS", "HTTP", "PORT", "HANDSHAKE", "RX", "TX", "READY", "AGE", "REASON");
        if (killSwitch is not null)
        {
            table.AddColumn("KILLSWITCH");
        }

        foreach (var tunnel in tunnels)
        {
            var own = proxies.Where(p => p.TunnelRef == tunnel.Name).ToList();
            var ready = tunnel.Ready && own.All(p => p.Ready);
            var reason = !tunnel.Ready ? tunnel.Reason : own.FirstOrDefault(p => !p.Ready) is { } bad ? $"{bad.Name}: {bad.Reason}" : tunnel.Reason;
            var cells = new List<string>
            {
                tunnel.Name, tunnel.Provider, tunnel.Server ?? "-", tunnel.Mode,
                Join(own.Select(p => p.Socks)), Join(own.Select(p => p.Http)), Port(tunnel),
                Formats.Age(tunnel.LatestHandshake, now), Formats.Bytes(tunnel.RxBytes), Formats.Bytes(tunnel.TxBytes),
                Ready(ready), Formats.Age(tunnel.CreatedAt, now), reason,
            };
            if (killSwitch is not null)
            {
                cells.Add(killSwitch.GetValueOrDefault(tunnel.Name, "-"));
            }

            table.AddRow(cells.Select(SafeText.Markup).ToArray());
        }

        return table;
    }

    /// <summary>The forwarded port; "-" without port forwarding or while no mapping is held (describe says why).</summary>
    private static string Port(TunnelStatus tunnel) =>
        tunnel.PortForwarding?.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static string Join(IEnumerable<string?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        return present.Count == 0 ? "-" : string.Join(",", present);
    }

    private static string Ready(bool ready) => ready ? "True" : "False";

    internal static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.None).HideRowSeparators();
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column).PadLeft(0).PadRight(3));
        }

        return table;
    }

    /// <summary>Who declared the object, as the uid (numbers only: the daemon resolves no user names).</summary>
    private static string Owner(uint? uid) => uid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
