using Tunmux.Crypto;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// The X25519 public key of a WireGuard private key, as <c>wg</c> derives it for its output
/// (wireguard-go's control socket reports only the private key). The curve operation is
/// NSec.Cryptography's, through tunmux's one place for curve keys (<see cref="Sodium"/>).
/// </summary>
internal static class X25519
{
    public const int KeyLength = Sodium.Curve25519KeyBytes;

    /// <summary>The base64 public key of a 32-byte private key.</summary>
    public static string PublicKeyOf(ReadOnlySpan<byte> privateKey) => Convert.ToBase64String(Sodium.X25519PublicKey(privateKey));
}
