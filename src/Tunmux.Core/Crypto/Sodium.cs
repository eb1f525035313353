using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tunmux.Core.Crypto;

/// <summary>
/// The only bridge to libsodium (Debian package libsodium23). Every curve operation tunmux
/// needs lives here so that no primitive is written by hand: Ed25519 keys and signatures for
/// the providers, the Ed25519 to Curve25519 conversions Proton uses to derive WireGuard keys,
/// and X25519 base-point multiplication for WireGuard public keys (providers' keys, and the
/// host layer deriving an interface's public key from what wireguard-go reports).
/// </summary>
public static partial class Sodium
{
    private const string Library = "libsodium.so.23";

    public const int Ed25519SeedBytes = 32;
    public const int Ed25519PublicKeyBytes = 32;
    public const int Ed25519SecretKeyBytes = 64;
    public const int Ed25519SignatureBytes = 64;
    public const int Curve25519KeyBytes = 32;

    // sodium_init must run once before anything else; it returns 0 on the first call,
    // 1 when already initialised and -1 on failure. Lazy runs it exactly once.
    private static readonly Lazy<int> _initResult = new(sodium_init);

    public static Ed25519KeyPair Ed25519KeyPairFromSeed(ReadOnlySpan<byte> seed)
    {
        RequireLength(seed, Ed25519SeedBytes, nameof(seed));
        EnsureInitialised();
        var publicKey = new byte[Ed25519PublicKeyBytes];
        var secretKey = new byte[Ed25519SecretKeyBytes];
        Check(crypto_sign_seed_keypair(publicKey, secretKey, seed), "crypto_sign_seed_keypair");
        return new Ed25519KeyPair(publicKey, secretKey);
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

    public static byte[] SignDetached(ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(secretKey, Ed25519SecretKeyBytes, nameof(secretKey));
        EnsureInitialised();
        var signature = new byte[Ed25519SignatureBytes];
        Check(crypto_sign_detached(signature, out _, message, (ulong)message.Length, secretKey), "crypto_sign_detached");
        return signature;
    }

    public static bool VerifyDetached(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != Ed25519SignatureBytes || publicKey.Length != Ed25519PublicKeyBytes)
        {
            return false;
        }

        EnsureInitialised();
        return crypto_sign_verify_detached(signature, message, (ulong)message.Length, publicKey) == 0;
    }

    /// <summary>The Montgomery (X25519) form of an Ed25519 public key; fails for points that are not valid.</summary>
    public static byte[] Ed25519PublicKeyToCurve25519(ReadOnlySpan<byte> ed25519PublicKey)
    {
        RequireLength(ed25519PublicKey, Ed25519PublicKeyBytes, nameof(ed25519PublicKey));
        EnsureInitialised();
        var curve = new byte[Curve25519KeyBytes];
        Check(crypto_sign_ed25519_pk_to_curve25519(curve, ed25519PublicKey), "crypto_sign_ed25519_pk_to_curve25519");
        return curve;
    }

    /// <summary>
    /// The X25519 private key of an Ed25519 secret key (seed followed by public key):
    /// SHA-512 of the seed, first half, clamped.
    /// </summary>
    public static byte[] Ed25519SecretKeyToCurve25519(ReadOnlySpan<byte> ed25519SecretKey)
    {
        RequireLength(ed25519SecretKey, Ed25519SecretKeyBytes, nameof(ed25519SecretKey));
        EnsureInitialised();
        var curve = new byte[Curve25519KeyBytes];
        Check(crypto_sign_ed25519_sk_to_curve25519(curve, ed25519SecretKey), "crypto_sign_ed25519_sk_to_curve25519");
        return curve;
    }

    /// <summary>X25519 public key of a private scalar (what `wg pubkey` computes).</summary>
    public static byte[] X25519PublicKey(ReadOnlySpan<byte> privateKey)
    {
        RequireLength(privateKey, Curve25519KeyBytes, nameof(privateKey));
        EnsureInitialised();
        var publicKey = new byte[Curve25519KeyBytes];
        Check(crypto_scalarmult_curve25519_base(publicKey, privateKey), "crypto_scalarmult_curve25519_base");
        return publicKey;
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

    private static void EnsureInitialised()
    {
        int result;
        try
        {
            result = _initResult.Value;
        }
        catch (DllNotFoundException exception)
        {
            throw new CryptographicException($"{Library} is not installed (Debian package libsodium23).", exception);
        }

        if (result < 0)
        {
            throw new CryptographicException("libsodium failed to initialise.");
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> value, int expected, string name)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes, got {value.Length}.", name);
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new CryptographicException($"{function} failed.");
        }
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_sign_seed_keypair(Span<byte> pk, Span<byte> sk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    private static partial int crypto_sign_detached(Span<byte> sig, out ulong siglen, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> sk);

    [LibraryImport(Library)]
    private static partial int crypto_sign_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_pk_to_curve25519(Span<byte> curvePk, ReadOnlySpan<byte> edPk);

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_sk_to_curve25519(Span<byte> curveSk, ReadOnlySpan<byte> edSk);

    [LibraryImport(Library)]
    private static partial int crypto_scalarmult_curve25519_base(Span<byte> q, ReadOnlySpan<byte> n);
}
