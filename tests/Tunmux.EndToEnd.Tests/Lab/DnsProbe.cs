using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tunmux.Linux.Netns;

namespace Tunmux.EndToEnd.Tests.Lab;

/// <summary>
/// One DNS A query sent from inside a namespace: the UDP socket is created there (setns on a
/// helper thread), so no tool needs installing and nothing reaches the machine's own namespace.
/// </summary>
internal static class DnsProbe
{
    public sealed record Answer(int ResponseCode, IReadOnlyList<IPAddress> Addresses);

    public static async Task<Answer> QueryAsync(string ns, IPAddress server, string name)
    {
        using var socket = NamespaceSocketBinder.BindUdp($"/run/netns/{ns}", [new IPEndPoint(IPAddress.Any, 0)])[0];
        var id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.SendToAsync(Query(id, name), new IPEndPoint(server, 53), timeout.Token);
        var buffer = new byte[1500];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        return Parse(buffer.AsSpan(0, received), id);
    }

    private static byte[] Query(ushort id, string name)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // recursion desired
        header[5] = 1; // one question
        message.AddRange(header);
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange(new byte[] { 0, 0, 1, 0, 1 }); // root, type A, class IN
        return message.ToArray();
    }

    private static Answer Parse(ReadOnlySpan<byte> message, ushort id)
    {
        if (BinaryPrimitives.ReadUInt16BigEndian(message) != id)
        {
            throw new InvalidDataException("DNS answer has another id");
        }

        var responseCode = message[3] & 0x0f;
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
            offset += 10;
            if (type == 1 && length == 4)
            {
                addresses.Add(new IPAddress(message.Slice(offset, 4)));
            }

            offset += length;
        }

        return new Answer(responseCode, addresses);
    }

    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (true)
        {
            var length = message[offset];
            if (length == 0)
            {
                return offset + 1;
            }

            if ((length & 0xc0) == 0xc0)
            {
                return offset + 2; // a compression pointer ends the name
            }

            offset += length + 1;
        }
    }
}
