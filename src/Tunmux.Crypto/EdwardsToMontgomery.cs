using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tunmux.Crypto;

/// <summary>
/// The one thing NSec.Cryptography does not offer: converting Ed25519 keys to their X25519
/// (Montgomery) form, which Proton's key derivation needs. Rather than do curve arithmetic here,
/// these call libsodium's own conversions in the libsodium that NSec ships (the same native file
/// NSec loads, found beside the executable), after touching an NSec algorithm so that NSec has
/// run sodium_init.
/// </summary>
internal static partial class EdwardsToMontgomery
{
    // The name NSec.Cryptography imports (the libsodium package's runtimes/linux-x64/native/libsodium.so).
    private const string Library = "libsodium";

    public static byte[] PublicKey(ReadOnlySpan<byte> ed25519PublicKey)
    {
        EnsureInitialised();
        var curve = new byte[Sodium.Curve25519KeyBytes];
        Check(crypto_sign_ed25519_pk_to_curve25519(curve, ed25519PublicKey), "crypto_sign_ed25519_pk_to_curve25519");
        return curve;
    }

    public static byte[] SecretKey(ReadOnlySpan<byte> ed25519SecretKey)
    {
        EnsureInitialised();
        var curve = new byte[Sodium.Curve25519KeyBytes];
        Check(crypto_sign_ed25519_sk_to_curve25519(curve, ed25519SecretKey), "crypto_sign_ed25519_sk_to_curve25519");
        return curve;
    }

    // NSec's algorithm classes run sodium_init in their static constructor; reading one runs it.
    private static void EnsureInitialised() => _ = NSec.Cryptography.SignatureAlgorithm.Ed25519.PublicKeySize;

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new CryptographicException($"{function} failed.");
        }
    }

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_pk_to_curve25519(Span<byte> curvePk, ReadOnlySpan<byte> edPk);

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_sk_to_curve25519(Span<byte> curveSk, ReadOnlySpan<byte> edSk);
}
