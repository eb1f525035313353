using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Tunmux.Proxy.Tests.Udp;

/// <summary>The parts of a DNS answer (RFC 1035) the tests look at.</summary>
internal sealed record DnsAnswer(ushort Id, bool IsResponse, int ResponseCode, IReadOnlyList<IPAddress> Addresses);

/// <summary>A hand-built DNS query for an A record and a reader for the answer, written from RFC 1035.</summary>
internal static class DnsMessage
{
    private const byte TypeA = 1;
    private const byte ClassIn = 1;

    public static byte[] QueryA(ushort id, string name)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 0x0100); // standard query, recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1); // one question
        message.AddRange(header);
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.Add(0);
        message.AddRange([0, TypeA, 0, ClassIn]);
        return [.. message];
    }

    public static DnsAnswer Read(ReadOnlySpan<byte> message)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = 12;
        for (var i = 0; i < questions; i++)
        {
            offset = SkipName(message, offset) + 4;
        }

        var addresses = new List<IPAddress>();
        for (var i = 0; i < answers; i++)
        {
            offset = SkipName(message, offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            var data = message.Slice(offset + 10, length);
            if (type == TypeA)
            {
                addresses.Add(new IPAddress(data));
            }

            offset += 10 + length;
        }

        return new DnsAnswer(id, (flags & 0x8000) != 0, flags & 0x000F, addresses);
    }

    /// <summary>Past a name: labels up to a zero byte, or a two-byte compression pointer.</summary>
    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (true)
        {
            var length = message[offset];
            if (length == 0)
            {
                return offset + 1;
            }

            if ((length & 0xC0) == 0xC0)
            {
                return offset + 2;
            }

            offset += 1 + length;
        }
    }
}
