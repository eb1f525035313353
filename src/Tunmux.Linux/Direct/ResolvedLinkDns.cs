using System.Net;
using System.Net.Sockets;
using Tmds.DBus.Protocol;

namespace Tunmux.Linux.Direct;

/// <summary>
/// DNS through systemd-resolved, per link, over D-Bus: the tunnel link gets the tunnel's servers,
/// the routing domain <c>~.</c> (every name is asked on this link) and DNS-over-TLS off for it;
/// deleting reverts the link. Nothing in resolved's global settings changes, so the revert is exact.
/// </summary>
public sealed class ResolvedLinkDns(DBusConnection connection)
{
    private const string Service = "org.freedesktop.resolve1";
    private const string ObjectPath = "/org/freedesktop/resolve1";
    private const string Manager = "org.freedesktop.resolve1.Manager";

    /// <summary>
    /// True when /etc/resolv.conf hands names to resolved's stub (a link to its stub file, or
    /// nameserver 127.0.0.53): then per-link settings are what decides where queries go.
    /// </summary>
    public static bool InUse(string resolvConfPath = "/etc/resolv.conf")
    {
        var info = new FileInfo(resolvConfPath);
        if (info.LinkTarget is { } target && target.Contains("systemd/resolve/", StringComparison.Ordinal))
        {
            return true;
        }

        return info.Exists && File.ReadLines(resolvConfPath).Any(line => line.Trim() == "nameserver 127.0.0.53");
    }

    public async Task SetAsync(int interfaceIndex, IReadOnlyList<IPAddress> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        await connection.CallMethodAsync(SetLinkDns(interfaceIndex, servers)).ConfigureAwait(false);
        await connection.CallMethodAsync(SetLinkRoutingDomain(interfaceIndex)).ConfigureAwait(false);
        await connection.CallMethodAsync(Call("SetLinkDefaultRoute", "ib", interfaceIndex, (ref MessageWriter w) => w.WriteBool(true))).ConfigureAwait(false);
        await connection.CallMethodAsync(Call("SetLinkDNSOverTLS", "is", interfaceIndex, (ref MessageWriter w) => w.WriteString("no"))).ConfigureAwait(false);
    }

    public Task RevertAsync(int interfaceIndex) => connection.CallMethodAsync(Call("RevertLink", "i", interfaceIndex, (ref MessageWriter _) => { }));

    private MessageBuffer SetLinkDns(int interfaceIndex, IReadOnlyList<IPAddress> servers)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Service, path: ObjectPath, @interface: Manager, signature: "ia(iay)", member: "SetLinkDNS");
        writer.WriteInt32(interfaceIndex);
        var array = writer.WriteArrayStart(DBusType.Struct);
        foreach (var server in servers)
        {
            writer.WriteStructureStart();
            writer.WriteInt32(server.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2);
            writer.WriteArray(server.GetAddressBytes());
        }

        writer.WriteArrayEnd(array);
        return writer.CreateMessage();
    }

    private MessageBuffer SetLinkRoutingDomain(int interfaceIndex)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Service, path: ObjectPath, @interface: Manager, signature: "ia(sb)", member: "SetLinkDomains");
        writer.WriteInt32(interfaceIndex);
        var array = writer.WriteArrayStart(DBusType.Struct);
        writer.WriteStructureStart();
        writer.WriteString(".");
        writer.WriteBool(true); // routing-only: "~."
        writer.WriteArrayEnd(array);
        return writer.CreateMessage();
    }

    private delegate void BodyWriter(ref MessageWriter writer);

    private MessageBuffer Call(string member, string signature, int interfaceIndex, BodyWriter body)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination: Service, path: ObjectPath, @interface: Manager, signature: signature, member: member);
            writer.WriteInt32(interfaceIndex);
            body(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
