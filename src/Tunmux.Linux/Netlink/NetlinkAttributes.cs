using System.Runtime.InteropServices;
using System.Text;

namespace Tunmux.Linux.Netlink;

/// <summary>One attribute (struct rtattr, or nlattr: the same layout): its type and value.</summary>
internal readonly ref struct NetlinkAttribute(ushort type, ReadOnlySpan<byte> value)
{
    /// <summary>The type, without the NLA_F_NESTED and NLA_F_NET_BYTEORDER flag bits.</summary>
    public ushort Type { get; } = type;

    public ReadOnlySpan<byte> Value { get; } = value;

    /// <summary>A u32 value, or null when the value is too short to hold one.</summary>
    public uint? AsUInt32() => Value.Length >= 4 ? MemoryMarshal.Read<uint>(Value) : null;

    /// <summary>A NUL-terminated string (interface names).</summary>
    public string AsString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
    }
}

/// <summary>
/// The attributes that follow a message's fixed header. An attribute whose length does not fit
/// throws <see cref="NetlinkException"/>.
/// </summary>
internal readonly ref struct NetlinkAttributes(ReadOnlySpan<byte> attributes)
{
    private const ushort TypeMask = 0x3fff;

    private readonly ReadOnlySpan<byte> _attributes = attributes;

    public Enumerator GetEnumerator() => new(_attributes);

    public ref struct Enumerator(ReadOnlySpan<byte> attributes)
    {
        private ReadOnlySpan<byte> _rest = attributes;

        public NetlinkAttribute Current { get; private set; }

        public bool MoveNext()
        {
            // Fewer bytes than a header are padding at the end, as the kernel's RTA_OK treats them.
            if (_rest.Length < NetlinkConstants.AttributeHeaderLength)
            {
                return false;
            }

            var length = MemoryMarshal.Read<ushort>(_rest);
            if (length < NetlinkConstants.AttributeHeaderLength || length > _rest.Length)
            {
                throw new NetlinkException($"netlink attribute length {length} does not fit the {_rest.Length} bytes left");
            }

            Current = new NetlinkAttribute((ushort)(MemoryMarshal.Read<ushort>(_rest[2..]) & TypeMask), _rest[NetlinkConstants.AttributeHeaderLength..length]);
            _rest = _rest[Math.Min(NetlinkConstants.Align(length), _rest.Length)..];
            return true;
        }
    }
}
