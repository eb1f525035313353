using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Tunmux.Linux.Probing;

/// <summary>
/// The little of DNS (RFC 1035) a probe needs: one recursive question for an A or AAAA record,
/// and the addresses of that type in the answer, wherever the answer's names point (CNAME
/// chains come with their records in the same answer). Malformed answers throw
/// <see cref="InvalidDataException"/>; nothing reads past the message.
/// </summary>
public static class DnsCodec
{
    public const ushort TypeA = 1;
    public const ushort TypeAaaa = 28;

    /// <summary>The response code for "no such name".</summary>
    public const int NameError = 3;

    private const int HeaderLength = 12;
    private const ushort ClassInternet = 1;

    public static byte[] Query(ushort id, string name, ushort type)
    {
        ArgumentNullException.ThrowIfNull(name);
        var message = new List<byte>(HeaderLength + name.Length + 6);
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // recursion desired
        header[5] = 1;    // one question
        message.AddRange(header);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                throw new ArgumentException($"'{name}' is not a host name", nameof(name));
            }

            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.Add(0);
        message.AddRange([(byte)(type >> 8), (byte)type, 0, (byte)ClassInternet]);
        return [.. message];
    }

    /// <summary>
    /// The answer to query <paramref name="id"/>, or null when <paramref name="message"/> is not
    /// one (another id, or not a response): the caller keeps waiting for the right one.
    /// </summary>
    public static DnsReply? Read(ReadOnlySpan<byte> message, ushort id, ushort type)
    {
        if (message.Length < HeaderLength)
        {
            throw new InvalidDataException("the DNS answer is shorter than its header");
        }

        var isResponse = (message[2] & 0x80) != 0;
        if (BinaryPrimitives.ReadUInt16BigEndian(message) != id || !isResponse)
        {
            return null;
        }

        var code = message[3] & 0x0f;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = HeaderLength;
        for (var i = 0; i < questions; i++)
        {
            offset = Need(message, SkipName(message, offset), 4) + 4;
        }

        var addresses = new List<IPAddress>();
        var length = type == TypeA ? 4 : 16;
        for (var i = 0; i < answers; i++)
        {
            offset = Need(message, SkipName(message, offset), 10);
            var recordType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var recordClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset = Need(message, offset + 10, dataLength);
            if (recordType == type && recordClass == ClassInternet && dataLength == length)
            {
                addresses.Add(new IPAddress(message.Slice(offset, length)));
            }

            offset += dataLength;
        }

        return new DnsReply(code, addresses);
    }

    /// <summary>The offset just past the name at <paramref name="offset"/>; a compression pointer ends a name.</summary>
    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (true)
        {
            var length = message[Need(message, offset, 1)];
            switch (length & 0xc0)
            {
                case 0 when length == 0:
                    return offset + 1;
                case 0:
                    offset += length + 1;
                    break;
                case 0xc0:
                    return Need(message, offset, 2) + 2;
                default:
                    throw new InvalidDataException("the DNS answer has a label of an unknown kind");
            }
        }
    }

    /// <summary><paramref name="offset"/>, once it is sure that <paramref name="count"/> bytes follow it.</summary>
    private static int Need(ReadOnlySpan<byte> message, int offset, int count) =>
        offset + count <= message.Length ? offset : throw new InvalidDataException("the DNS answer ends early");
}

/// <summary>A DNS answer: its response code (0 for success) and the addresses it holds of the asked type.</summary>
public sealed record DnsReply(int ResponseCode, IReadOnlyList<IPAddress> Addresses);
