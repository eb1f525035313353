using System.Security.Cryptography;

namespace Tunmux.Providers.AirVpn;

/// <summary>
/// The per-request AES-256 key and CBC IV: sent to AirVPN under its RSA key, used to encrypt
/// the request parameters and to decrypt the reply. Printing it shows nothing.
/// </summary>
public sealed class AirVpnSessionKey
{
    public const int KeyBytes = 32;
    public const int IvBytes = 16;

    private readonly byte[] _key;
    private readonly byte[] _iv;

    public AirVpnSessionKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        if (key.Length != KeyBytes || iv.Length != IvBytes)
        {
            throw new ArgumentException($"An AirVPN session key is {KeyBytes} key bytes and {IvBytes} IV bytes.");
        }

        _key = key.ToArray();
        _iv = iv.ToArray();
    }

    public ReadOnlySpan<byte> Key => _key;

    public ReadOnlySpan<byte> Iv => _iv;

    /// <summary>A fresh random key and IV, as Eddie and tunmux make for every request.</summary>
    public static AirVpnSessionKey Generate() =>
        new(RandomNumberGenerator.GetBytes(KeyBytes), RandomNumberGenerator.GetBytes(IvBytes));

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        using var aes = CreateAes();
        return aes.EncryptCbc(plaintext, _iv, PaddingMode.PKCS7);
    }

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext)
    {
        using var aes = CreateAes();
        return aes.DecryptCbc(ciphertext, _iv, PaddingMode.PKCS7);
    }

    public override string ToString() => "AirVPN session key <redacted>";

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}
