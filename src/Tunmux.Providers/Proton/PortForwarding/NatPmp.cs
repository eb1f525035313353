using System.Buffers.Binary;
using System.Net;

namespace Tunmux.Providers.Proton.PortForwarding;

/// <summary>
/// NAT-PMP (RFC 6886) packets, as Proton's port forwarding uses them against the gateway
/// (10.2.0.1:5351). Pure encoding and decoding; sending is someone else's job.
/// All fields are big-endian; a reply's opcode is the request's plus 128.
/// </summary>
public static class NatPmp
{
    public const int ServerPort = 5351;
    public const byte Version = 0;
    public const byte ExternalAddressOpcode = 0;
    public const byte ReplyOffset = 128;
    public const int MappingRequestLength = 12;
    public const int MappingResponseLength = 16;
    public const int ExternalAddressResponseLength = 12;

    /// <summary>Version 0, opcode 0: ask for the gateway's external address.</summary>
    public static byte[] EncodeExternalAddressRequest() => [Version, ExternalAddressOpcode];

    /// <summary>
    /// Version, opcode (1 UDP, 2 TCP), two reserved zero bytes, internal port, suggested
    /// external port, lifetime in seconds. A lifetime of 0 deletes the mapping.
    /// </summary>
    public static byte[] EncodeMappingRequest(NatPmpProtocol protocol, ushort internalPort, ushort suggestedExternalPort, uint lifetimeSeconds)
    {
        RequireProtocol(protocol);
        var packet = new byte[MappingRequestLength];
        packet[0] = Version;
        packet[1] = (byte)protocol;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), internalPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), suggestedExternalPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), lifetimeSeconds);
        return packet;
    }

    public static NatPmpMappingResponse DecodeMappingResponse(ReadOnlySpan<byte> packet, NatPmpProtocol expected)
    {
        RequireProtocol(expected);
        var result = ReadHeader(packet, MappingResponseLength, (byte)(ReplyOffset + (byte)expected));
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (packet.Length < MappingResponseLength)
        {
            return new NatPmpMappingResponse(expected, result, epoch, 0, 0, 0);
        }

        return new NatPmpMappingResponse(
            expected,
            result,
            epoch,
            BinaryPrimitives.ReadUInt16BigEndian(packet[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(packet[10..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[12..]));
    }

    public static NatPmpExternalAddressResponse DecodeExternalAddressResponse(ReadOnlySpan<byte> packet)
    {
        var result = ReadHeader(packet, ExternalAddressResponseLength, ReplyOffset + ExternalAddressOpcode);
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var address = packet.Length < ExternalAddressResponseLength ? IPAddress.Any : new IPAddress(packet.Slice(8, 4));
        return new NatPmpExternalAddressResponse(result, epoch, address);
    }

    // Every reply starts with version, opcode, result code and epoch (8 bytes). RFC 6886
    // section 3.5 lets an error reply stop there; a successful one must be complete.
    private static NatPmpResultCode ReadHeader(ReadOnlySpan<byte> packet, int fullLength, byte opcode)
    {
        const int HeaderLength = 8;
        if (packet.Length < HeaderLength)
        {
            throw new FormatException($"A NAT-PMP reply is at least {HeaderLength} bytes; got {packet.Length}.");
        }

        if (packet[0] != Version)
        {
            throw new FormatException($"NAT-PMP version {packet[0]} is not supported.");
        }

        if (packet[1] != opcode)
        {
            throw new FormatException($"Expected NAT-PMP reply opcode {opcode}, got {packet[1]}.");
        }

        var result = (NatPmpResultCode)BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (result == NatPmpResultCode.Success && packet.Length < fullLength)
        {
            throw new FormatException($"A successful NAT-PMP reply with opcode {opcode} is {fullLength} bytes; got {packet.Length}.");
        }

        return result;
    }

    private static void RequireProtocol(NatPmpProtocol protocol)
    {
        if (protocol is not (NatPmpProtocol.Udp or NatPmpProtocol.Tcp))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "NAT-PMP maps UDP (1) or TCP (2).");
        }
    }
}
