using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tunmux.Linux.Direct.Leaks;

/// <summary>
/// Probes bound to the uplink (SO_BINDTODEVICE), so the routing table cannot steer them into the
/// tunnel: only the kill switch stands between them and the wire. TCP to 443 and 53, UDP to 443 and
/// a DNS query to 53, and an ICMP echo, each with a low TTL. A probe that the block refuses fails
/// locally; that is the expected outcome and is not an error.
/// </summary>
public static class LeakProbes
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int IpProtoIpv6 = 41;
    private const int Ipv6UnicastHops = 16;

    public static async Task<IReadOnlyList<string>> SendAsync(string uplink, IReadOnlyList<IPAddress> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var sent = new List<string>();
        foreach (var target in targets)
        {
            foreach (var port in new[] { 443, 53 })
            {
                await TcpAsync(uplink, target, port, cancellationToken).ConfigureAwait(false);
                sent.Add($"tcp {Format(target, port)}");
            }

            Udp(uplink, target, 53, DnsQuery());
            sent.Add($"dns {Format(target, 53)}");
            Udp(uplink, target, 443, Encoding.ASCII.GetBytes("tunmux leak probe"));
            sent.Add($"udp {Format(target, 443)}");
            Icmp(uplink, target);
            sent.Add($"icmp {target}");
        }

        return sent;
    }

    private static async Task TcpAsync(string uplink, IPAddress target, int port, CancellationToken cancellationToken)
    {
        using var socket = Bound(uplink, target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, port), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Refused or blocked: what a probe usually meets.
        }
    }

    private static void Udp(string uplink, IPAddress target, int port, byte[] payload)
    {
        using var socket = Bound(uplink, target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SendTo(payload, new IPEndPoint(target, port));
        }
        catch (SocketException)
        {
            // EPERM from the block.
        }
    }

    private static void Icmp(string uplink, IPAddress target)
    {
        var v6 = target.AddressFamily == AddressFamily.InterNetworkV6;
        using var socket = Bound(uplink, target.AddressFamily, SocketType.Raw, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        // Echo request, id and sequence fixed; the kernel fills the ICMPv6 checksum, ICMPv4 needs ours.
        var packet = new byte[] { (byte)(v6 ? 128 : 8), 0, 0, 0, 0x74, 0x6d, 0, 1, (byte)'t', (byte)'m' };
        if (!v6)
        {
            var sum = Checksum(packet);
            packet[2] = (byte)(sum >> 8);
            packet[3] = (byte)sum;
        }

        try
        {
            socket.SendTo(packet, new IPEndPoint(target, 0));
        }
        catch (SocketException)
        {
            // EPERM from the block.
        }
    }

    private static Socket Bound(string uplink, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(family, type, protocol);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(uplink + "\0"));
            if (family == AddressFamily.InterNetworkV6)
            {
                // IPV6_UNICAST_HOPS by number: .NET's HopLimit option fails with ENOPROTOOPT on these sockets.
                socket.SetRawSocketOption(IpProtoIpv6, Ipv6UnicastHops, BitConverter.GetBytes(LeakCheckOptions.ProbeTtl));
            }
            else
            {
                socket.Ttl = LeakCheckOptions.ProbeTtl;
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A query for example.com, type A: enough for a resolver on the path to see a DNS leak.</summary>
    private static byte[] DnsQuery() =>
    [
        0x74, 0x6d, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
        7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 3, (byte)'c', (byte)'o', (byte)'m', 0,
        0, 1, 0, 1,
    ];

    private static ushort Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0));
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static string Format(IPAddress address, int port) => new IPEndPoint(address, port).ToString();
}
