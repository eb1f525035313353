using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Providers.Crypto;

/// <summary>
/// bcrypt (<c>$2y$</c>, the variant Proton's SRP uses) through BouncyCastle's bcrypt, so that the
/// Blowfish key schedule is never written by hand. What is left here is the OpenBSD string form
/// around it: the password's NUL terminator, the 72-byte limit, and bcrypt's base64.
/// </summary>
public static class Bcrypt
{
    /// <summary>bcrypt reads at most 72 bytes of the password (its terminator included); the rest never matters.</summary>
    public const int MaxPasswordBytes = 72;

    public const int SaltChars = 22;

    private const int SaltBytes = 16;

    /// <summary>The raw hash is 24 bytes; the string form keeps 23 of them, as OpenBSD's does.</summary>
    private const int EncodedHashBytes = 23;

    /// <summary>Hashes <paramref name="password"/> with a full setting such as `$2y$10$` + 22 salt characters.</summary>
    public static string Hash(ReadOnlySpan<byte> password, string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (!setting.StartsWith("$2y$", StringComparison.Ordinal))
        {
            throw new ArgumentException("Only $2y$ bcrypt settings are supported.", nameof(setting));
        }

        if (password.IndexOf((byte)0) >= 0)
        {
            throw new ArgumentException("A bcrypt password cannot contain a NUL byte.", nameof(password));
        }

        if (setting.Length < 7 + SaltChars || setting[6] != '$'
            || !int.TryParse(setting.AsSpan(4, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cost)
            || BcryptBase64.Decode(setting.Substring(7, SaltChars)) is not { Length: SaltBytes } salt)
        {
            throw new CryptographicException("The bcrypt setting is rejected: it is not $2y$NN$ followed by 22 salt characters.");
        }

        return Hash(password, cost, salt);
    }

    /// <summary>bcrypt `$2y$` with a cost and 16 raw salt bytes, encoded in bcrypt's alphabet.</summary>
    public static string Hash(ReadOnlySpan<byte> password, int cost, ReadOnlySpan<byte> salt16)
    {
        if (cost is < 4 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "bcrypt cost must be between 4 and 31.");
        }

        if (salt16.Length != SaltBytes)
        {
            throw new ArgumentException("A bcrypt salt is 16 bytes.", nameof(salt16));
        }

        // The key is the password and its NUL terminator, cut at 72 bytes (so the terminator is added here, not by BouncyCastle).
        var key = new byte[Math.Min(password.Length + 1, MaxPasswordBytes)];
        byte[]? raw = null;
        try
        {
            password[..Math.Min(password.Length, key.Length)].CopyTo(key);
            raw = Org.BouncyCastle.Crypto.Generators.BCrypt.Generate(key, salt16.ToArray(), cost, addTerminator: false);
            var text = new StringBuilder("$2y$", 60)
                .Append(cost.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).Append('$')
                .Append(BcryptBase64.Encode(salt16)[..SaltChars])
                .Append(BcryptBase64.Encode(raw.AsSpan(0, EncodedHashBytes)));
            return text.ToString();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (raw is not null)
            {
                CryptographicOperations.ZeroMemory(raw);
            }
        }
    }
}
