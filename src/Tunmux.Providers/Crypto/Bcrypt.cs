using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Tunmux.Providers.Crypto;

/// <summary>
/// bcrypt through the system's libxcrypt (`libcrypt.so.1`, Debian package libcrypt1), so
/// that the Blowfish key schedule is never written by hand. Only `$2y$` settings are
/// accepted: that is the variant Proton's SRP uses.
/// </summary>
public static partial class Bcrypt
{
    private const string Library = "libcrypt.so.1";

    // sizeof(struct crypt_data) in libxcrypt: output 384 + setting 384 + input 512
    // + reserved 767 + initialized 1 + internal 30720.
    private const int CryptDataSize = 32768;

    /// <summary>bcrypt reads at most 72 bytes of the password; the rest never matters.</summary>
    public const int MaxPasswordBytes = 72;

    public const int SaltChars = 22;

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

        // Truncating here changes nothing about the result and keeps long inputs within
        // libxcrypt's 512-byte passphrase limit.
        var used = password[..Math.Min(password.Length, MaxPasswordBytes)];
        var phrase = new byte[used.Length + 1];
        var settingBytes = Encoding.ASCII.GetBytes(setting + "\0");
        var data = new byte[CryptDataSize];
        try
        {
            used.CopyTo(phrase);
            var result = Run(phrase, settingBytes, data)
                ?? throw new CryptographicException("libcrypt rejected the bcrypt setting.");
            if (!result.StartsWith(setting[..7], StringComparison.Ordinal))
            {
                throw new CryptographicException("libcrypt returned something other than a bcrypt hash.");
            }

            return result;
        }
        finally
        {
            // The work area holds a copy of the password and key schedule.
            CryptographicOperations.ZeroMemory(phrase);
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>bcrypt `$2y$` with a cost and 16 raw salt bytes, encoded in bcrypt's alphabet.</summary>
    public static string Hash(ReadOnlySpan<byte> password, int cost, ReadOnlySpan<byte> salt16)
    {
        if (cost is < 4 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "bcrypt cost must be between 4 and 31.");
        }

        if (salt16.Length != 16)
        {
            throw new ArgumentException("A bcrypt salt is 16 bytes.", nameof(salt16));
        }

        var encodedSalt = BcryptBase64.Encode(salt16)[..SaltChars];
        return Hash(password, $"$2y${cost:D2}${encodedSalt}");
    }

    // The returned pointer points into `data`, so the buffer stays pinned until it is read.
    private static unsafe string? Run(byte[] phrase, byte[] setting, byte[] data)
    {
        fixed (byte* phrasePtr = phrase)
        fixed (byte* settingPtr = setting)
        fixed (byte* dataPtr = data)
        {
            var output = crypt_rn(phrasePtr, settingPtr, dataPtr, data.Length);
            return output == null ? null : Marshal.PtrToStringAnsi((IntPtr)output);
        }
    }

    [LibraryImport(Library)]
    private static unsafe partial byte* crypt_rn(byte* phrase, byte* setting, byte* data, int size);
}
