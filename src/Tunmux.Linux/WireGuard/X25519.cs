using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// The X25519 public key of a WireGuard private key, as <c>wg</c> derives it for its output
/// (wireguard-go's control socket reports only the private key). Through libsodium (Debian
/// package libsodium23, which scripts/install-deps.sh installs for the providers as well).
/// </summary>
internal static partial class X25519
{
    public const int KeyLength = 32;

    private const string Library = "libsodium.so.23";

    private static readonly Lazy<bool> _initialised = new(() => sodium_init() >= 0);

    /// <summary>The base64 public key of a 32-byte private key.</summary>
    public static string PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"a WireGuard key has {KeyLength} bytes", nameof(privateKey));
        }

        if (!_initialised.Value)
        {
            throw new CryptographicException("libsodium failed to initialise");
        }

        Span<byte> publicKey = stackalloc byte[KeyLength];
        if (crypto_scalarmult_curve25519_base(publicKey, privateKey) != 0)
        {
            throw new CryptographicException("X25519 base-point multiplication failed");
        }

        return Convert.ToBase64String(publicKey);
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_scalarmult_curve25519_base(Span<byte> q, ReadOnlySpan<byte> n);
}
