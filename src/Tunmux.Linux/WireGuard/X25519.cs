using Tunmux.Core.Crypto;

namespace Tunmux.Linux.WireGuard;

/// <summary>
/// The X25519 public key of a WireGuard private key, as <c>wg</c> derives it for its output
/// (wireguard-go's control socket reports only the private key). The curve operation is
/// libsodium's, through tunmux's one bridge to it (<see cref="Sodium"/>).
/// </summary>
internal static class X25519
{
    public const int KeyLength = Sodium.Curve25519KeyBytes;

    /// <summary>The base64 public key of a 32-byte private key.</summary>
    public static string PublicKeyOf(ReadOnlySpan<byte> privateKey) => Convert.ToBase64String(Sodium.X25519PublicKey(privateKey));
}
