using System.Buffers.Binary;

namespace Tunmux.Providers.OpenPgp;

/// <summary>Reads big-endian fields and MPIs from a packet body, failing cleanly at its end.</summary>
internal ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _body;

    public BodyReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _body.Length - Position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>A multiprecision integer: a 16-bit bit count, then the big-endian bytes.</summary>
    public ReadOnlySpan<byte> ReadMpi()
    {
        var bits = ReadUInt16();
        return Take((bits + 7) / 8);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new OpenPgpException("OpenPGP packet body is truncated.");
        }

        var slice = _body.Slice(Position, count);
        Position += count;
        return slice;
    }
}
