using System.Security.Cryptography;

namespace Tunmux.Providers.OpenPgp;

/// <summary>
/// A version 4 Ed25519 signing key from a public key packet: either the legacy EdDSA form
/// (algorithm 22 with the Ed25519 curve OID and a 0x40-prefixed point, as Proton's modulus
/// key uses) or the RFC 9580 native form (algorithm 27, 32 raw bytes).
/// </summary>
public sealed class PgpPublicKey
{
    public const int EdDsaLegacyAlgorithm = 22;
    public const int Ed25519Algorithm = 27;

    // 1.3.6.1.4.1.11591.15.1, the Ed25519 curve in the legacy EdDSA encoding.
    private static readonly byte[] Ed25519LegacyOid = [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01];

    private PgpPublicKey(int algorithm, byte[] ed25519PublicKey, byte[] fingerprint)
    {
        Algorithm = algorithm;
        Ed25519PublicKey = ed25519PublicKey;
        Fingerprint = fingerprint;
    }

    public int Algorithm { get; }

    public byte[] Ed25519PublicKey { get; }

    /// <summary>The v4 fingerprint: SHA-1 over 0x99, the 2-byte body length and the body.</summary>
    public byte[] Fingerprint { get; }

    /// <summary>The key ID: the low 8 bytes of the fingerprint.</summary>
    public ReadOnlySpan<byte> KeyId => Fingerprint.AsSpan(Fingerprint.Length - 8);

    /// <summary>The primary key of an armored "PGP PUBLIC KEY BLOCK".</summary>
    public static PgpPublicKey FromArmoredKeyBlock(string armored)
    {
        var packets = PacketReader.ReadAll(Armor.Decode(armored, "PGP PUBLIC KEY BLOCK"));
        var primary = packets.FirstOrDefault(packet => packet.Tag == Packet.PublicKeyTag)
            ?? throw new OpenPgpException("The key block has no public key packet.");
        return FromPacketBody(primary.Body.Span);
    }

    public static PgpPublicKey FromPacketBody(ReadOnlySpan<byte> body)
    {
        var reader = new BodyReader(body);
        var version = reader.ReadByte();
        if (version != 4)
        {
            throw new OpenPgpException($"Public key packet version {version} is not supported.");
        }

        reader.ReadUInt32(); // creation time: part of the fingerprint, not needed otherwise.
        var algorithm = reader.ReadByte();
        byte[] point;
        switch (algorithm)
        {
            case EdDsaLegacyAlgorithm:
                var oid = reader.ReadBytes(reader.ReadByte());
                if (!oid.SequenceEqual(Ed25519LegacyOid))
                {
                    throw new OpenPgpException("The EdDSA key is not on the Ed25519 curve.");
                }

                var mpi = reader.ReadMpi();
                if (mpi.Length != 33 || mpi[0] != 0x40)
                {
                    throw new OpenPgpException("The EdDSA key point is not a 0x40-prefixed 32-byte value.");
                }

                point = mpi[1..].ToArray();
                break;
            case Ed25519Algorithm:
                point = reader.ReadBytes(32).ToArray();
                break;
            default:
                throw new OpenPgpException($"Public key algorithm {algorithm} is not supported (only Ed25519).");
        }

        if (reader.Remaining != 0)
        {
            throw new OpenPgpException("The public key packet has trailing bytes.");
        }

        var hashed = new byte[3 + body.Length];
        hashed[0] = 0x99;
        hashed[1] = (byte)(body.Length >> 8);
        hashed[2] = (byte)body.Length;
        body.CopyTo(hashed.AsSpan(3));
        return new PgpPublicKey(algorithm, point, SHA1.HashData(hashed));
    }
}
