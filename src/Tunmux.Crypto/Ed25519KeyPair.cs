namespace Tunmux.Crypto;

/// <summary>
/// An Ed25519 key pair in libsodium's layout: a 32-byte public key and a 64-byte secret key
/// (seed followed by public key). Printing it never shows the secret half.
/// </summary>
public sealed class Ed25519KeyPair
{
    private readonly byte[] _secretKey;

    internal Ed25519KeyPair(byte[] publicKey, byte[] secretKey)
    {
        PublicKey = publicKey;
        _secretKey = secretKey;
    }

    public byte[] PublicKey { get; }

    /// <summary>The 32-byte seed the key pair was made from (what Proton stores as the private key).</summary>
    public ReadOnlySpan<byte> Seed => _secretKey.AsSpan(0, Sodium.Ed25519SeedBytes);

    /// <summary>The 64-byte libsodium secret key; only signing and key derivation should read it.</summary>
    public ReadOnlySpan<byte> SecretKey => _secretKey;

    public byte[] Sign(ReadOnlySpan<byte> message) => Sodium.SignDetached(message, _secretKey);

    public override string ToString() => $"Ed25519 {Convert.ToBase64String(PublicKey)}";
}
