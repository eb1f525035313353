using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tunmux.Linux.Netns;

/// <summary>
/// Linux's <c>sockaddr_in</c> and <c>sockaddr_in6</c> for an endpoint: the family in host byte
/// order, the port in network byte order, then the address (IPv6 adds flow info and scope id).
/// </summary>
internal static class NativeSocketAddress
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    public static byte[] Encode(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address;
        switch (address.AddressFamily)
        {
            case AddressFamily.InterNetwork:
            {
                var bytes = new byte[16];
                WriteHostOrder(bytes.AsSpan(0, 2), AfInet);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2, 2), (ushort)endPoint.Port);
                address.TryWriteBytes(bytes.AsSpan(4, 4), out _);
                return bytes;
            }

            case AddressFamily.InterNetworkV6:
            {
                var bytes = new byte[28];
                WriteHostOrder(bytes.AsSpan(0, 2), AfInet6);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2, 2), (ushort)endPoint.Port);
                address.TryWriteBytes(bytes.AsSpan(8, 16), out _);
                BitConverter.TryWriteBytes(bytes.AsSpan(24, 4), (uint)address.ScopeId);
                return bytes;
            }

            default:
                throw new ArgumentException($"{endPoint} is neither IPv4 nor IPv6", nameof(endPoint));
        }
    }

    private static void WriteHostOrder(Span<byte> destination, ushort value) => BitConverter.TryWriteBytes(destination, value);
}
