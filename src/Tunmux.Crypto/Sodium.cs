using System.Security.Cryptography;
using NSec.Cryptography;

namespace Tunmux.Crypto;

/// <summary>
/// Every curve operation tunmux needs, so that no primitive is written by hand: Ed25519 keys and
/// signatures for the providers, the Ed25519 to Curve25519 conversions Proton uses to derive
/// WireGuard keys, and X25519 base-point multiplication for WireGuard public keys (providers' keys,
/// and the host layer deriving an interface's public key from what wireguard-go reports).
/// Ed25519 and X25519 go through NSec.Cryptography, which ships its own libsodium (no system
/// package). The two conversions NSec does not offer are one small step: direct calls into that
/// same bundled libsodium (<see cref="EdwardsToMontgomery"/>).
/// </summary>
public static class Sodium
{
    public const int Ed25519SeedBytes = 32;
    public const int Ed25519PublicKeyBytes = 32;
    public const int Ed25519SecretKeyBytes = 64;
    public const int Ed25519SignatureBytes = 64;
    public const int Curve25519KeyBytes = 32;

    private static SignatureAlgorithm Ed25519 => SignatureAlgorithm.Ed25519;

    /// <summary>The key pair of a 32-byte seed, in libsodium's layout (secret key = seed || public key).</summary>
    public static Ed25519KeyPair Ed25519KeyPairFromSeed(ReadOnlySpan<byte> seed)
    {
        RequireLength(seed, Ed25519SeedBytes, nameof(seed));
        using var key = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        return new Ed25519KeyPair(publicKey, [.. seed, .. publicKey]);
    }

    public static Ed25519KeyPair GenerateEd25519KeyPair()
    {
        Span<byte> seed = stackalloc byte[Ed25519SeedBytes];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return Ed25519KeyPairFromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>An Ed25519 signature with a 64-byte libsodium secret key (its first half is the seed).</summary>
    public static byte[] SignDetached(ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(secretKey, Ed25519SecretKeyBytes, nameof(secretKey));
        using var key = Key.Import(Ed25519, secretKey[..Ed25519SeedBytes], KeyBlobFormat.RawPrivateKey);
        return Ed25519.Sign(key, message);
    }

    public static bool VerifyDetached(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != Ed25519SignatureBytes || publicKey.Length != Ed25519PublicKeyBytes
            || !PublicKey.TryImport(Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return Ed25519.Verify(key, message, signature);
    }

    /// <summary>The Montgomery (X25519) form of an Ed25519 public key; fails for points that are not valid.</summary>
    public static byte[] Ed25519PublicKeyToCurve25519(ReadOnlySpan<byte> ed25519PublicKey)
    {
        RequireLength(ed25519PublicKey, Ed25519PublicKeyBytes, nameof(ed25519PublicKey));
        return EdwardsToMontgomery.PublicKey(ed25519PublicKey);
    }

    /// <summary>
    /// The X25519 private key of an Ed25519 secret key (seed followed by public key):
    /// SHA-512 of the seed, first half, clamped.
    /// </summary>
    public static byte[] Ed25519SecretKeyToCurve25519(ReadOnlySpan<byte> ed25519SecretKey)
    {
        RequireLength(ed25519SecretKey, Ed25519SecretKeyBytes, nameof(ed25519SecretKey));
        return EdwardsToMontgomery.SecretKey(ed25519SecretKey);
    }

    /// <summary>X25519 public key of a private scalar (what `wg pubkey` computes).</summary>
    public static byte[] X25519PublicKey(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey, Curve25519KeyBytes, nameof(privateKey));
        using var key = Key.Import(KeyAgreementAlgorithm.X25519, privateKey, KeyBlobFormat.RawPrivateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>A fresh WireGuard key pair, clamped the way `wg genkey` clamps.</summary>
    public static WireGuardKeyPair GenerateWireGuardKeyPair()
    {
        var privateKey = new byte[Curve25519KeyBytes];
        RandomNumberGenerator.Fill(privateKey);
        ClampCurve25519Scalar(privateKey);
        try
        {
            return WireGuardKeyPair.FromPrivateKey(privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>RFC 7748 clamping; WireGuard stores private keys in this form.</summary>
    public static void ClampCurve25519Scalar(Span<byte> scalar)
    {
        RequireLength(scalar, Curve25519KeyBytes, nameof(scalar));
        scalar[0] &= 248;
        scalar[31] &= 127;
        scalar[31] |= 64;
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int expected, string name)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes, got {value.Length}.", name);
        }
    }
}
