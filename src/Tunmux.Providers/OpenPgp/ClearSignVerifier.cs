using System.Security.Cryptography;
using Tunmux.Core.Crypto;

namespace Tunmux.Providers.OpenPgp;

/// <summary>
/// Verifies a cleartext signature with one pinned Ed25519 key: exactly one canonical-text
/// signature, issued by that key, over SHA-2(canonical text || v4 trailer).
/// </summary>
public static class ClearSignVerifier
{
    /// <summary>Returns the signed text, or throws <see cref="OpenPgpException"/> when it does not verify.</summary>
    public static string Verify(ClearSignedMessage message, PgpPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        var packets = PacketReader.ReadAll(message.SignatureData);
        if (packets.Count != 1 || packets[0].Tag != Packet.SignatureTag)
        {
            throw new OpenPgpException("The signature block must hold exactly one signature packet.");
        }

        var signature = PgpSignature.FromPacketBody(packets[0].Body.Span);
        if (signature.SignatureType != PgpSignature.CanonicalTextSignatureType)
        {
            throw new OpenPgpException($"Signature type {signature.SignatureType} is not a canonical text signature.");
        }

        if (signature.PublicKeyAlgorithm != key.Algorithm)
        {
            throw new OpenPgpException("The signature algorithm does not match the key.");
        }

        var hashName = signature.HashAlgorithm.Name!;
        if (message.HashHeaders.Count > 0 && !message.HashHeaders.Contains(hashName, StringComparer.OrdinalIgnoreCase))
        {
            throw new OpenPgpException($"The Hash header does not list {hashName}, the signature's hash.");
        }

        if (signature.IssuerKeyId is { } keyId && !keyId.AsSpan().SequenceEqual(key.KeyId))
        {
            throw new OpenPgpException("The signature was issued by another key.");
        }

        if (signature.IssuerFingerprint is { } fingerprint && !fingerprint.AsSpan().SequenceEqual(key.Fingerprint))
        {
            throw new OpenPgpException("The signature was issued by another key.");
        }

        using var hash = IncrementalHash.CreateHash(signature.HashAlgorithm);
        hash.AppendData(message.CanonicalText());
        hash.AppendData(signature.Trailer());
        var digest = hash.GetHashAndReset();

        if (!digest.AsSpan(0, 2).SequenceEqual(signature.HashLeft16)
            || !Sodium.VerifyDetached(signature.Ed25519Signature, digest, key.Ed25519PublicKey))
        {
            throw new OpenPgpException("The signature does not verify.");
        }

        return message.Text;
    }
}
