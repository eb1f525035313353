using System.Security.Cryptography;
using Tunmux.Core.Model;
using Tunmux.Crypto;

namespace Tunmux.Providers.Proton.Keys;

/// <summary>
/// The keys of a Proton VPN login, all derived from one Ed25519 key: the Ed25519 public key
/// is certified by Proton, and the WireGuard key is the same key in X25519 form, so
/// Proton's servers accept it. The fingerprint is what the API reports as `ClientKeyFingerprint`.
/// </summary>
public sealed class ProtonKeyMaterial
{
    private ProtonKeyMaterial(Ed25519KeyPair ed25519)
    {
        Ed25519PrivateKey = new Secret(Convert.ToBase64String(ed25519.Seed));
        Ed25519PublicKey = Convert.ToBase64String(ed25519.PublicKey);
        Ed25519PublicKeyPem = Ed25519Pem.FromPublicKey(ed25519.PublicKey);

        var x25519Private = Sodium.Ed25519SecretKeyToCurve25519(ed25519.SecretKey);
        try
        {
            WireGuard = WireGuardKeyPair.FromPrivateKey(x25519Private);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(x25519Private);
        }

        Fingerprint = FingerprintOf(Convert.FromBase64String(WireGuard.PublicKey));
    }

    /// <summary>The 32-byte Ed25519 seed, base64 (Proton clients store this as the private key).</summary>
    public Secret Ed25519PrivateKey { get; }

    public string Ed25519PublicKey { get; }

    /// <summary>SPKI PEM of the Ed25519 public key, for the certificate request.</summary>
    public string Ed25519PublicKeyPem { get; }

    /// <summary>X25519 private key = clamped SHA-512(seed)[0..32]; public key = the Montgomery form of the Ed25519 key.</summary>
    public WireGuardKeyPair WireGuard { get; }

    /// <summary>base64(SHA-512(X25519 public key)).</summary>
    public string Fingerprint { get; }

    public static ProtonKeyMaterial Generate() => new(Sodium.GenerateEd25519KeyPair());

    public static ProtonKeyMaterial FromEd25519Seed(ReadOnlySpan<byte> seed) => new(Sodium.Ed25519KeyPairFromSeed(seed));

    public static ProtonKeyMaterial FromEd25519Seed(Secret seedBase64)
    {
        ArgumentNullException.ThrowIfNull(seedBase64);
        var seed = Convert.FromBase64String(seedBase64.Reveal());
        try
        {
            return FromEd25519Seed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static string FingerprintOf(ReadOnlySpan<byte> x25519PublicKey) =>
        Convert.ToBase64String(SHA512.HashData(x25519PublicKey));

    /// <summary>The X25519 public key of an Ed25519 public key (Edwards to Montgomery).</summary>
    public static byte[] WireGuardPublicKeyOf(ReadOnlySpan<byte> ed25519PublicKey) =>
        Sodium.Ed25519PublicKeyToCurve25519(ed25519PublicKey);

    public override string ToString() => $"Proton keys {Ed25519PublicKey}";
}
