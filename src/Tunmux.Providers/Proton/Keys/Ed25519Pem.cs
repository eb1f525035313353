using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Tunmux.Providers.Proton.Keys;

/// <summary>
/// Ed25519 public keys as X.509 SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"),
/// the form Proton's certificate endpoint takes as `ClientPublicKey` (RFC 8410).
/// </summary>
public static class Ed25519Pem
{
    public const string Label = "PUBLIC KEY";

    // id-Ed25519, RFC 8410 section 3.
    private const string Ed25519Oid = "1.3.101.112";

    public static string FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteBitString(publicKey);
        }

        return PemEncoding.WriteString(Label, writer.Encode());
    }

    public static byte[] ToPublicKey(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != Label)
        {
            throw new FormatException("Not a PUBLIC KEY PEM block.");
        }

        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = spki.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != Ed25519Oid)
            {
                throw new FormatException("The public key is not Ed25519.");
            }

            algorithm.ThrowIfNotEmpty();
            var key = spki.ReadBitString(out var unusedBits);
            spki.ThrowIfNotEmpty();
            if (unusedBits != 0 || key.Length != 32)
            {
                throw new FormatException("The Ed25519 public key is not 32 bytes.");
            }

            return key;
        }
        catch (AsnContentException exception)
        {
            throw new FormatException("The public key is not valid DER.", exception);
        }
    }
}
