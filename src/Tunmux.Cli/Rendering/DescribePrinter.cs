using System.Globalization;
using Spectre.Console;
using Tunmux.Api;
using Tunmux.Api.Model;
using Tunmux.Core.Lifecycle.History;
using Tunmux.Core.Model;
using Tunmux.Runtime.Operations;
using Tunmux.Runtime.Reports;
using Tunmux.Runtime.Status;

namespace Tunmux.Cli.Rendering;

/// <summary>
/// `tunmux describe`: one object in full, as kubectl describe shows one: a spec summary (public
/// facts only: no key, password or token ever appears), then conditions, then recent events.
/// </summary>
public static class DescribePrinter
{
    public static void Tunnel(IAnsiConsole console, TunnelStatus status, TunnelManifest? manifest, TunnelDetails? desired, IReadOnlyList<ProxyStatus> proxies, DateTimeOffset now)
    {
        var fields = new List<(string, string)>
        {
            ("Name", status.Name),
            ("Kind", TunnelManifest.KindName),
            ("Provider", status.Provider),
            ("Mode", status.Mode),
            ("Backend", status.Backend ?? "-"),
            ("Namespace", status.Namespace ?? "-"),
            ("Interface", status.Interface ?? "-"),
        };
        if (manifest?.Spec.WireGuard?.ConfigFile is { } configFile)
        {
            fields.Add(("Config file", configFile));
        }

        if (desired is not null)
        {
            fields.Add(("Addresses", List(desired.Addresses)));
            fields.Add(("DNS", List(desired.Dns)));
            if (desired.Mtu is { } mtu)
            {
                fields.Add(("MTU", mtu.ToString(CultureInfo.InvariantCulture)));
            }

            if (desired.HandshakeMaxAge is { } maxAge)
            {
                fields.Add(("Handshake limit", GoDuration.Format(maxAge)));
            }

            if (desired.Probe is { } probe)
            {
                // Only the daemon probes; a one-shot apply never does.
                fields.Add(("Probe", $"{probe.Target} every {GoDuration.Format(probe.Interval)} (daemon only), "
                    + $"timeout {GoDuration.Format(probe.Timeout)}, unhealthy after {probe.FailureThreshold} failures in a row"));
            }
        }

        fields.AddRange([
            ("Server", status.Server ?? "-"),
            ("Handshake", status.LatestHandshake is null ? "never" : $"{Formats.Age(status.LatestHandshake, now)} ago"),
            ("Transfer", $"{Formats.Bytes(status.RxBytes)} received, {Formats.Bytes(status.TxBytes)} sent"),
            ("Phase", status.Phase ?? "-"),
            ("Generation", status.ObservedGeneration.ToString(CultureInfo.InvariantCulture)),
            ("Proxies", List(proxies.Where(p => p.TunnelRef == status.Name).Select(p => p.Name).ToList())),
            ("Age", Formats.Age(status.CreatedAt, now)),
        ]);
        if (status.PortForwarding is { } forwarding)
        {
            fields.AddRange(PortForwardingFields(forwarding, now));
        }

        Fields(console, fields);
        if (desired is not null)
        {
            Peers(console, desired, status.ActivePeer);
        }

        Conditions(console, status.Conditions, now);
        Events(console, status.Events, now, status.Conditions.Any(c => c.LastTransitionTime is not null));
    }

    public static void Proxy(IAnsiConsole console, ProxyStatus status, ProxyManifest? manifest, DateTimeOffset now)
    {
        Fields(console, [
            ("Name", status.Name),
            ("Kind", ProxyManifest.KindName),
            ("Tunnel", status.TunnelRef),
            ("SOCKS", status.Socks ?? "-"),
            ("HTTP", status.Http ?? "-"),
            ("Access log", manifest is null ? "-" : manifest.Spec.AccessLog ? "on" : "off"),
            ("Worker PID", status.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("Connections", status.ActiveConnections is { } open
                ? string.Create(CultureInfo.InvariantCulture, $"{open} open, {status.TotalConnections} since the worker started")
                : "-"),
            ("Generation", status.ObservedGeneration.ToString(CultureInfo.InvariantCulture)),
            ("Age", Formats.Age(status.CreatedAt, now)),
        ]);
        Conditions(console, status.Conditions, now);
        Events(console, status.Events, now, status.Conditions.Any(c => c.LastTransitionTime is not null));
    }

    /// <summary>The forwarded port and its keeper; the hook by its program only, as its arguments may be private.</summary>
    private static IEnumerable<(string, string)> PortForwardingFields(PortForwardStatus forwarding, DateTimeOffset now)
    {
        var port = forwarding.Port is { } held
            ? $"{held} (renewed {Formats.Age(forwarding.RenewedAt, now)} ago, expires in {Formats.Age(now, forwarding.ExpiresAt!.Value)})"
            : forwarding.State.ToLowerInvariant();
        yield return ("Forwarded port", port);
        if (forwarding.PreviousPort is { } previous)
        {
            yield return ("Previous port", previous.ToString(CultureInfo.InvariantCulture));
        }

        if (forwarding.LastError is { } error)
        {
            yield return ("Port mapping", $"failing ({forwarding.Failures} in a row): {error}");
        }

        yield return ("Port keeper", forwarding.KeeperPid is { } pid ? $"pid {pid}" : "not running");
        yield return ("Port hook", (forwarding.Hook ?? "none") + (forwarding.HookError is { } hookError ? $" (last run failed: {hookError})" : ""));
    }

    private static void Fields(IAnsiConsole console, IReadOnlyList<(string Name, string Value)> fields)
    {
        var width = fields.Max(f => f.Name.Length) + 2;
        foreach (var (name, value) in fields)
        {
            console.WriteLine($"{(name + ":").PadRight(width)}{SafeText.Plain(value)}");
        }
    }

    /// <summary>Public keys and endpoints only; a preshared key is mentioned, never shown.</summary>
    private static void Peers(IAnsiConsole console, TunnelDetails desired, int? activePeer)
    {
        console.WriteLine("Peers:");
        var table = StatusTables.NewTable("  #", "ENDPOINT", "PUBLIC KEY", "ALLOWED IPS", "KEEPALIVE", "PRESHARED", "ACTIVE");
        for (var i = 0; i < desired.Peers.Count; i++)
        {
            var peer = desired.Peers[i];
            table.AddRow(new[]
            {
                $"  {i + 1}", peer.Endpoint ?? "-", peer.PublicKey, List(peer.AllowedIps),
                peer.PersistentKeepalive is { } keepalive ? $"{keepalive}s" : "-",
                peer.HasPresharedKey ? "yes" : "no",
                activePeer == i + 1 ? "yes" : "",
            }.Select(SafeText.Markup).ToArray());
        }

        console.Write(table);
    }

    private static void Conditions(IAnsiConsole console, IReadOnlyList<ConditionView> conditions, DateTimeOffset now)
    {
        console.WriteLine();
        console.WriteLine("Conditions:");
        var table = StatusTables.NewTable("  TYPE", "STATUS", "REASON", "MESSAGE", "LAST-TRANSITION");
        foreach (var condition in conditions)
        {
            var since = condition.LastTransitionTime is { } at ? $"{Formats.Age(at, now)} ago" : "unknown";
            table.AddRow(new[] { "  " + condition.Type, condition.Status, condition.Reason, condition.Message, since }.Select(SafeText.Markup).ToArray());
        }

        console.Write(table);
    }

    private static void Events(IAnsiConsole console, IReadOnlyList<EventHistoryEntry> events, DateTimeOffset now, bool fromDaemon)
    {
        console.WriteLine();
        if (events.Count == 0)
        {
            console.WriteLine(fromDaemon ? "Events: <none>" : "Events: <none> (events are kept by the daemon; none runs)");
            return;
        }

        console.WriteLine("Events:");
        var table = StatusTables.NewTable("  AGE", "TYPE", "REASON", "MESSAGE");
        foreach (var entry in events)
        {
            table.AddRow(new[] { "  " + Formats.Age(entry.Time, now), entry.Type.ToString(), entry.Reason, entry.Message }.Select(SafeText.Markup).ToArray());
        }

        console.Write(table);
    }

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(", ", values);
}
