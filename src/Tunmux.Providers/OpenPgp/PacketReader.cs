using System.Buffers.Binary;

namespace Tunmux.Providers.OpenPgp;

/// <summary>
/// Splits binary OpenPGP data into packets, old and new header formats. Partial and
/// indeterminate lengths are refused: keys and signatures never use them.
/// </summary>
public static class PacketReader
{
    public static IReadOnlyList<Packet> ReadAll(ReadOnlyMemory<byte> data)
    {
        var packets = new List<Packet>();
        var span = data.Span;
        var offset = 0;
        while (offset < span.Length)
        {
            var header = span[offset++];
            if ((header & 0x80) == 0)
            {
                throw new OpenPgpException($"Byte {offset - 1} is not an OpenPGP packet header.");
            }

            int tag;
            int length;
            if ((header & 0x40) != 0)
            {
                tag = header & 0x3F;
                length = ReadNewLength(span, ref offset);
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                length = ReadOldLength(span, header & 0x03, ref offset);
            }

            if (length < 0 || length > span.Length - offset)
            {
                throw new OpenPgpException($"Packet with tag {tag} runs past the end of the data.");
            }

            packets.Add(new Packet(tag, data.Slice(offset, length)));
            offset += length;
        }

        return packets;
    }

    private static int ReadNewLength(ReadOnlySpan<byte> span, ref int offset)
    {
        var first = Next(span, ref offset);
        if (first < 192)
        {
            return first;
        }

        if (first < 224)
        {
            return ((first - 192) << 8) + Next(span, ref offset) + 192;
        }

        if (first == 255)
        {
            RequireBytes(span, offset, 4);
            var length = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
            offset += 4;
            return length > int.MaxValue ? -1 : (int)length;
        }

        throw new OpenPgpException("Partial-length packets are not supported.");
    }

    private static int ReadOldLength(ReadOnlySpan<byte> span, int lengthType, ref int offset)
    {
        switch (lengthType)
        {
            case 0:
                return Next(span, ref offset);
            case 1:
                RequireBytes(span, offset, 2);
                var shortLength = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
                offset += 2;
                return shortLength;
            case 2:
                RequireBytes(span, offset, 4);
                var longLength = BinaryPrimitives.ReadUInt32BigEndian(span[offset..]);
                offset += 4;
                return longLength > int.MaxValue ? -1 : (int)longLength;
            default:
                throw new OpenPgpException("Packets of indeterminate length are not supported.");
        }
    }

    private static byte Next(ReadOnlySpan<byte> span, ref int offset)
    {
        RequireBytes(span, offset, 1);
        return span[offset++];
    }

    private static void RequireBytes(ReadOnlySpan<byte> span, int offset, int count)
    {
        if (span.Length - offset < count)
        {
            throw new OpenPgpException("OpenPGP data ends inside a packet header.");
        }
    }
}
