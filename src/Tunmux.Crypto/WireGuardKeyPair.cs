using Tunmux.Core.Model;

namespace Tunmux.Crypto;

/// <summary>A WireGuard (X25519) key pair in the base64 form `wg` uses.</summary>
public sealed record WireGuardKeyPair(Secret PrivateKey, string PublicKey)
{
    public static WireGuardKeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey) =>
        new(new Secret(Convert.ToBase64String(privateKey)), Convert.ToBase64String(Sodium.X25519PublicKey(privateKey)));
}
