using System.Runtime.InteropServices;

namespace Tunmux.Linux.Netlink;

/// <summary>
/// The messages packed into one netlink datagram, in order. Fields are in host byte order.
/// A length that does not fit the datagram throws <see cref="NetlinkException"/>: parsing
/// never reads past the buffer.
/// </summary>
internal readonly ref struct NetlinkMessages(ReadOnlySpan<byte> datagram)
{
    private readonly ReadOnlySpan<byte> _datagram = datagram;

    public Enumerator GetEnumerator() => new(_datagram);

    public ref struct Enumerator(ReadOnlySpan<byte> datagram)
    {
        private ReadOnlySpan<byte> _rest = datagram;

        public NetlinkMessage Current { get; private set; }

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            if (_rest.Length < NetlinkConstants.HeaderLength)
            {
                throw new NetlinkException($"netlink reply ends with {_rest.Length} stray bytes");
            }

            var length = (int)Math.Min(MemoryMarshal.Read<uint>(_rest), int.MaxValue);
            if (length < NetlinkConstants.HeaderLength || length > _rest.Length)
            {
                throw new NetlinkException($"netlink message length {length} does not fit the {_rest.Length} bytes left");
            }

            Current = new NetlinkMessage(
                MemoryMarshal.Read<ushort>(_rest[4..]),
                MemoryMarshal.Read<ushort>(_rest[6..]),
                MemoryMarshal.Read<uint>(_rest[8..]),
                _rest[NetlinkConstants.HeaderLength..length]);
            _rest = _rest[Math.Min(NetlinkConstants.Align(length), _rest.Length)..];
            return true;
        }
    }
}
