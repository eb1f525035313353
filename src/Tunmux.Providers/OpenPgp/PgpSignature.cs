using System.Security.Cryptography;

namespace Tunmux.Providers.OpenPgp;

/// <summary>
/// A version 4 Ed25519 signature packet (RFC 4880 section 5.2.3): what a verifier needs is
/// the hashed portion (version through hashed subpackets), the hash algorithm, the quick-check
/// bytes, the 64-byte signature and the issuer, if named.
/// </summary>
public sealed class PgpSignature
{
    public const int CanonicalTextSignatureType = 0x01;

    private const int IssuerKeyIdSubpacket = 16;
    private const int IssuerFingerprintSubpacket = 33;
    private const int CreationTimeSubpacket = 2;

    private PgpSignature(int signatureType, int publicKeyAlgorithm, HashAlgorithmName hashAlgorithm, byte[] hashedPortion, byte[] hashLeft16, byte[] ed25519Signature, byte[]? issuerKeyId, byte[]? issuerFingerprint)
    {
        SignatureType = signatureType;
        PublicKeyAlgorithm = publicKeyAlgorithm;
        HashAlgorithm = hashAlgorithm;
        HashedPortion = hashedPortion;
        HashLeft16 = hashLeft16;
        Ed25519Signature = ed25519Signature;
        IssuerKeyId = issuerKeyId;
        IssuerFingerprint = issuerFingerprint;
    }

    public int SignatureType { get; }

    public int PublicKeyAlgorithm { get; }

    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>Version, type, algorithms, hashed subpacket length and hashed subpackets.</summary>
    public byte[] HashedPortion { get; }

    public byte[] HashLeft16 { get; }

    /// <summary>R followed by S, each 32 bytes.</summary>
    public byte[] Ed25519Signature { get; }

    public byte[]? IssuerKeyId { get; }

    public byte[]? IssuerFingerprint { get; }

    public static PgpSignature FromPacketBody(ReadOnlySpan<byte> body)
    {
        var reader = new BodyReader(body);
        var version = reader.ReadByte();
        if (version != 4)
        {
            throw new OpenPgpException($"Signature packet version {version} is not supported.");
        }

        var signatureType = reader.ReadByte();
        var algorithm = reader.ReadByte();
        var hashAlgorithm = HashAlgorithmFromId(reader.ReadByte());
        var hashedLength = reader.ReadUInt16();
        var hashedSubpackets = reader.ReadBytes(hashedLength);
        var hashedPortion = body[..reader.Position].ToArray();
        var unhashedSubpackets = reader.ReadBytes(reader.ReadUInt16());
        var left16 = reader.ReadBytes(2).ToArray();

        var signature = new byte[64];
        switch (algorithm)
        {
            case PgpPublicKey.EdDsaLegacyAlgorithm:
                // MPIs drop leading zero bytes, so each half is padded back to 32 bytes.
                CopyPadded(reader.ReadMpi(), signature.AsSpan(0, 32));
                CopyPadded(reader.ReadMpi(), signature.AsSpan(32, 32));
                break;
            case PgpPublicKey.Ed25519Algorithm:
                reader.ReadBytes(64).CopyTo(signature);
                break;
            default:
                throw new OpenPgpException($"Signature algorithm {algorithm} is not supported (only Ed25519).");
        }

        if (reader.Remaining != 0)
        {
            throw new OpenPgpException("The signature packet has trailing bytes.");
        }

        byte[]? issuerKeyId = null;
        byte[]? issuerFingerprint = null;
        ReadSubpackets(hashedSubpackets, hashed: true, ref issuerKeyId, ref issuerFingerprint);
        ReadSubpackets(unhashedSubpackets, hashed: false, ref issuerKeyId, ref issuerFingerprint);
        return new PgpSignature(signatureType, algorithm, hashAlgorithm, hashedPortion, left16, signature, issuerKeyId, issuerFingerprint);
    }

    /// <summary>The RFC 4880 v4 trailer appended after the signed data: hashed portion, 0x04 0xFF, its length.</summary>
    public byte[] Trailer()
    {
        var trailer = new byte[HashedPortion.Length + 6];
        HashedPortion.CopyTo(trailer, 0);
        var at = HashedPortion.Length;
        trailer[at] = 0x04;
        trailer[at + 1] = 0xFF;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(trailer.AsSpan(at + 2), (uint)HashedPortion.Length);
        return trailer;
    }

    private static HashAlgorithmName HashAlgorithmFromId(int id) => id switch
    {
        8 => HashAlgorithmName.SHA256,
        9 => HashAlgorithmName.SHA384,
        10 => HashAlgorithmName.SHA512,
        _ => throw new OpenPgpException($"Hash algorithm {id} is not supported (SHA-256, SHA-384 or SHA-512)."),
    };

    private static void CopyPadded(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        if (value.Length > destination.Length)
        {
            throw new OpenPgpException("An Ed25519 signature value is longer than 32 bytes.");
        }

        destination.Clear();
        value.CopyTo(destination[(destination.Length - value.Length)..]);
    }

    private static void ReadSubpackets(ReadOnlySpan<byte> area, bool hashed, ref byte[]? issuerKeyId, ref byte[]? issuerFingerprint)
    {
        var offset = 0;
        while (offset < area.Length)
        {
            var length = ReadSubpacketLength(area, ref offset);
            if (length < 1 || length > area.Length - offset)
            {
                throw new OpenPgpException("A signature subpacket runs past its area.");
            }

            var type = area[offset] & 0x7F;
            var critical = (area[offset] & 0x80) != 0;
            var content = area.Slice(offset + 1, length - 1);
            offset += length;
            switch (type)
            {
                case IssuerKeyIdSubpacket when content.Length == 8:
                    issuerKeyId = content.ToArray();
                    break;
                case IssuerFingerprintSubpacket when content.Length == 21 && content[0] == 4:
                    issuerFingerprint = content[1..].ToArray();
                    break;
                case CreationTimeSubpacket:
                    break;
                default:
                    // RFC 4880 5.2.3.1: an unknown critical subpacket makes the signature invalid.
                    if (critical && hashed)
                    {
                        throw new OpenPgpException($"Critical signature subpacket {type} is not understood.");
                    }

                    break;
            }
        }
    }

    private static int ReadSubpacketLength(ReadOnlySpan<byte> area, ref int offset)
    {
        var first = area[offset++];
        if (first < 192)
        {
            return first;
        }

        if (first < 255)
        {
            if (offset >= area.Length)
            {
                return -1;
            }

            return ((first - 192) << 8) + area[offset++] + 192;
        }

        if (area.Length - offset < 4)
        {
            return -1;
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(area[offset..]);
        offset += 4;
        return length > int.MaxValue ? -1 : (int)length;
    }
}
