using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tunmux.Linux.Direct;
using Tunmux.Linux.Direct.Leaks;

namespace Tunmux.Linux.Tests.Direct;

/// <summary>
/// The leak check's capture filter run by tcpdump itself over a capture file of hand-built packets
/// (no network involved): what it lets through is what `check leaks` reports.
/// </summary>
public sealed class CaptureFilterPacketTests : IDisposable
{
    private static readonly IPEndPoint WireGuard = IPEndPoint.Parse("198.51.100.7:51820");
    private static readonly IPAddress LinkLocal = IPAddress.Parse("fe80::1");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"tunmux-capture-{Guid.NewGuid():N}.pcap");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Link_chatter_and_allowed_wireguard_pass_unreported_and_everything_else_is_reported()
    {
        var packets = new (string Name, byte[] Bytes)[]
        {
            ("MLDv2 report to ff02::16", Ipv6(LinkLocal, "ff02::16", hopByHop: true, Icmpv6(143, 20))),
            ("MLD query to ff02::1", Ipv6(LinkLocal, "ff02::1", hopByHop: true, Icmpv6(130, 20))),
            ("neighbour solicitation", Ipv6(LinkLocal, "ff02::1:ff00:2", hopByHop: false, Icmpv6(135, 20))),
            ("WireGuard UDP to the allowed endpoint", Ipv4(17, "198.51.100.7", Udp(40000, 51820))),
            ("TCP SYN to a web server", Ipv4(6, "203.0.113.5", Tcp(40001, 443))),
            ("UDP to the endpoint's host on another port", Ipv4(17, "198.51.100.7", Udp(40002, 53))),
            ("MLD report to a global address", Ipv6(LinkLocal, "2001:db8::1", hopByHop: true, Icmpv6(143, 20))),
            ("echo request to ff02::1 behind a hop-by-hop header", Ipv6(LinkLocal, "ff02::1", hopByHop: true, Icmpv6(128, 8))),
        };
        await File.WriteAllBytesAsync(_file, Capture(packets.Select(p => p.Bytes)));

        var reported = await ReportedAsync(CaptureFilter.For([WireGuard]));

        reported.Select(index => packets[index].Name).Should().BeEquivalentTo(
            "TCP SYN to a web server",
            "UDP to the endpoint's host on another port",
            "MLD report to a global address",
            "echo request to ff02::1 behind a hop-by-hop header");
    }

    /// <summary>The indexes of the packets tcpdump printed: each packet's timestamp is its index, in seconds.</summary>
    private async Task<List<int>> ReportedAsync(string filter)
    {
        var startInfo = new ProcessStartInfo(DirectPrograms.System.Tcpdump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-n", "-tt", "-r", _file, filter })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var tcpdump = Process.Start(startInfo)!;
        var output = await tcpdump.StandardOutput.ReadToEndAsync();
        var errors = await tcpdump.StandardError.ReadToEndAsync();
        await tcpdump.WaitForExitAsync();
        tcpdump.ExitCode.Should().Be(0, errors);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.Parse(line[..line.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture))];
    }

    /// <summary>A pcap file (LINKTYPE_RAW: each record starts at the IP header); packet i is stamped i seconds.</summary>
    private static byte[] Capture(IEnumerable<byte[]> packets)
    {
        using var file = new MemoryStream();
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 101);
        file.Write(header);
        var index = 0;
        foreach (var packet in packets)
        {
            var record = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)index++);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)packet.Length);
            file.Write(record);
            file.Write(packet);
        }

        return file.ToArray();
    }

    /// <summary>An IPv6 packet carrying ICMPv6, optionally behind an 8-byte hop-by-hop header with Router Alert (as MLD is sent).</summary>
    private static byte[] Ipv6(IPAddress source, string destination, bool hopByHop, byte[] icmp)
    {
        byte[] extension = hopByHop ? [58, 0, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00] : [];
        var packet = new byte[40 + extension.Length + icmp.Length];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(extension.Length + icmp.Length));
        packet[6] = hopByHop ? (byte)0 : (byte)58;
        packet[7] = 1;
        source.GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 24);
        extension.CopyTo(packet, 40);
        icmp.CopyTo(packet, 40 + extension.Length);
        return packet;
    }

    private static byte[] Icmpv6(byte type, int length)
    {
        var message = new byte[length];
        message[0] = type;
        return message;
    }

    private static byte[] Ipv4(byte protocol, string destination, byte[] payload)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = protocol;
        IPAddress.Parse("10.9.0.2").GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 16);
        payload.CopyTo(packet, 20);
        return packet;
    }

    private static byte[] Udp(ushort sourcePort, ushort destinationPort)
    {
        var datagram = new byte[8 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        return datagram;
    }

    private static byte[] Tcp(ushort sourcePort, ushort destinationPort)
    {
        var segment = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        segment[12] = 0x50;
        segment[13] = 0x02;
        return segment;
    }
}
